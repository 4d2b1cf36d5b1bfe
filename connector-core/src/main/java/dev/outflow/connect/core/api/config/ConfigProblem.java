package dev.outflow.connect.core.api.config;

/** A problem found by {@link Destination#checkAccess}: the config key at fault and what to do about it. */
public record ConfigProblem(String key, String message) {}
