package dev.outflow.connect.testkit.hubspot;

import com.fasterxml.jackson.databind.JsonNode;

/** An endpoint's answer before the emulator adds headers: the status and a JSON body (null for none). */
record Reply(int status, JsonNode body) {}
