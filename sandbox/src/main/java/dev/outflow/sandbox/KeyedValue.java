package dev.outflow.sandbox;

/** A demo record: its key and its value, both text. */
record KeyedValue(String key, String value) {}
