package dev.outflow.sandbox;

import java.util.List;

/**
 * The companies the demo's customers work for. The CRM holds them before any score arrives (a CRM
 * has its accounts; the scores come from the warehouse), each with a key of its own in a property
 * with unique values, {@value #KEY_PROPERTY}: HubSpot's company domain is not unique, so the HubSpot
 * connector finds a company to associate a contact with by this key.
 */
final class DemoCompanies {

    static final String KEY_PROPERTY = "company_key";

    /** A company: its key, its name and its web domain. */
    record Company(String key, String name, String domain) {}

    static final List<Company> ALL = List.of(
            new Company("acme", "Acme Corp", "acme.example"),
            new Company("globex", "Globex", "globex.example"),
            new Company("initech", "Initech", "initech.example"),
            new Company("umbrella", "Umbrella Health", "umbrella.example"),
            new Company("hooli", "Hooli", "hooli.example"),
            new Company("stark", "Stark Industries", "stark.example"),
            new Company("wayne", "Wayne Enterprises", "wayne.example"),
            new Company("tyrell", "Tyrell", "tyrell.example"));

    private DemoCompanies() {}

    /** The company customer {@code n} works for. */
    static Company of(int customer) {
        return ALL.get(customer % ALL.size());
    }
}
