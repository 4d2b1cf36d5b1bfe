package dev.outflow.connect.core.api.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.Rows;

/** Values always pass through the escaper of the text they land in; what would bypass it does not compile. */
class SafeTemplatesTest {

    private static final RecordScope SCOPE =
            RecordScope.of(Rows.fromJson("t", 0, 0, "{\"name\":\"a&b\",\"note\":\"*x*\"}"));

    @Test
    void everyValueGoesThroughTheEscaper() {
        SafeTemplates templates = new SafeTemplates(value -> "[" + value + "]");

        assertThat(templates.compile("hi {{name}}, {{note}}", "t").render(SCOPE))
                .isEqualTo("hi [a&b], [*x*]");
    }

    @Test
    void trustedFieldsGoThroughTheirOwnEscaper() {
        SafeTemplates templates =
                new SafeTemplates(value -> "[" + value + "]", Set.of("note"), value -> "<" + value + ">");

        assertThat(templates.compile("{{name}} {{note}}", "t").render(SCOPE)).isEqualTo("[a&b] <*x*>");
    }

    @Test
    void theVerbatimTemplatesWriteValuesAsTheyAre() {
        assertThat(SafeTemplates.verbatim().compile("{{name}}", "t").render(SCOPE))
                .isEqualTo("a&b");
    }

    @Test
    void unescapedValuesPartialsAndParentsAreRefusedNamingTheTemplate() {
        SafeTemplates templates = SafeTemplates.verbatim();

        assertThatThrownBy(() -> templates.compile("{{{name}}}", "http.body.template"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("http.body.template does not compile: {{{name}}} (values are always escaped");
        assertThatThrownBy(() -> templates.compile("{{& name}}", "t"))
                .hasMessageContaining("values are always escaped");
        assertThatThrownBy(() -> templates.compile("{{>/etc/passwd}}", "t"))
                .hasMessageContaining("the partial {{>/etc/passwd}} is not allowed");
        assertThatThrownBy(() -> templates.compile("{{<parent}}{{/parent}}", "t"))
                .hasMessageContaining("the parent {{<parent}} is not allowed");
    }

    @Test
    void aTemplateWithoutTagsIsConstantAndOneWithATagOrADelimiterChangeIsNot() {
        SafeTemplates templates = SafeTemplates.verbatim();

        assertThat(templates.compile("https://api.example/orders", "t").isConstant())
                .isTrue();
        assertThat(templates.compile("https://api.example/{{name}}", "t").isConstant())
                .isFalse();
        assertThat(templates
                        .compile("{{=<% %>=}}https://api.example/<% name %>", "t")
                        .isConstant())
                .isFalse();
    }

    @Test
    void anUnclosedSectionIsRefused() {
        assertThatThrownBy(() -> SafeTemplates.verbatim().compile("{{#name}} open", "t"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("t does not compile:");
    }
}
