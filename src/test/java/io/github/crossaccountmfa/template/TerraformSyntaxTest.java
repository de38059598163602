package io.github.crossaccountmfa.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading HCL: structure, lines, precedence, templates and heredocs, and syntax errors in the tool's words. */
class TerraformSyntaxTest {

    private static Hcl.Expr value(String hcl) {
        return TerraformSyntax.parse("v = " + hcl + "\n").attribute("v").orElseThrow().value();
    }

    private static String literal(Hcl.Expr expr) {
        assertThat(expr).isInstanceOf(Hcl.Literal.class);
        return ((Hcl.Literal) expr).value().asText();
    }

    @Test
    void blocksLabelsAndAttributesKeepTheirLines() {
        Hcl.Body body = TerraformSyntax.parse("""
                # a comment
                resource "aws_iam_role" "deploy" {
                  name = "x"

                  assume_role_policy = jsonencode({})
                }
                """);

        Hcl.Block block = body.blocks().getFirst();
        assertThat(block.type()).isEqualTo("resource");
        assertThat(block.labels()).containsExactly("aws_iam_role", "deploy");
        assertThat(block.line()).isEqualTo(2);
        assertThat(block.body().attribute("assume_role_policy").orElseThrow().line()).isEqualTo(5);
    }

    @Test
    void binaryOperatorsFollowHclPrecedenceNotTheGrammarsRightLeaningChain() {
        Hcl.Expr expr = value("a && b || c == d && e");

        assertThat(expr).isInstanceOf(Hcl.Binary.class);
        Hcl.Binary or = (Hcl.Binary) expr;
        assertThat(or.operator()).isEqualTo("||");
        assertThat(or.left().text()).isEqualTo("a && b");
        assertThat(or.right().text()).isEqualTo("c == d && e");
        assertThat(((Hcl.Binary) or.right()).operator()).isEqualTo("&&");
    }

    @Test
    void arithmeticIsLeftAssociative() {
        Hcl.Binary minus = (Hcl.Binary) value("10 - 3 - 2");

        assertThat(minus.left().text()).isEqualTo("10 - 3");
        assertThat(minus.right().text()).isEqualTo("2");
    }

    @Test
    void quotedStringsHaveTheirEscapesAndLiteralInterpolationMarkers() {
        assertThat(literal(value("\"a\\\"b\\\\c\\n$${literal}\""))).isEqualTo("a\"b\\c\n${literal}");
    }

    @Test
    void templateWithInterpolationsKeepsItsParts() {
        Hcl.Expr expr = value("\"arn:aws:iam::${var.account}:root\"");

        assertThat(expr).isInstanceOf(Hcl.Template.class);
        List<Hcl.Expr> parts = ((Hcl.Template) expr).parts();
        assertThat(parts).hasSize(3);
        assertThat(parts.get(1).text()).isEqualTo("var.account");
    }

    @Test
    void indentedHeredocLosesTheIndentationItsLinesShare() {
        Hcl.Body body = TerraformSyntax.parse("""
                v = <<-EOT
                    {
                      "a": 1
                    }
                    EOT
                w = <<EOT
                  kept
                EOT
                """);

        assertThat(literal(body.attribute("v").orElseThrow().value())).isEqualTo("{\n  \"a\": 1\n}\n");
        assertThat(literal(body.attribute("w").orElseThrow().value())).isEqualTo("  kept\n");
    }

    @Test
    void heredocInterpolationsAreExpressions() {
        Hcl.Expr expr = TerraformSyntax.parse("""
                v = <<EOF
                {"AWS": "${local.partner}"}
                EOF
                """).attribute("v").orElseThrow().value();

        assertThat(expr).isInstanceOf(Hcl.Template.class);
        assertThat(((Hcl.Template) expr).parts()).extracting(Hcl.Expr::text).contains("local.partner");
    }

    @Test
    void templateDirectiveIsUnsupportedButTheRestOfTheFileIsRead() {
        Hcl.Body body = TerraformSyntax.parse("""
                a = "%{ if var.x }yes%{ endif }"
                b = "kept"
                """);

        assertThat(body.attribute("a").orElseThrow().value()).isInstanceOf(Hcl.Unsupported.class);
        assertThat(literal(body.attribute("b").orElseThrow().value())).isEqualTo("kept");
    }

    @Test
    void forExpressionsSplatsAndIndexesAreRead() {
        assertThat(value("[for a in var.ids : \"arn:aws:iam::${a}:root\" if a != \"\"]"))
                .isInstanceOf(Hcl.For.class);
        assertThat(value("aws_iam_role.x[*].arn")).isInstanceOf(Hcl.Splat.class);
        assertThat(value("data.aws_iam_policy_document.d[0].json")).isInstanceOf(Hcl.GetAttr.class);
        assertThat(value("var.mfa ? \"true\" : \"false\"")).isInstanceOf(Hcl.Conditional.class);
    }

    @Test
    void syntaxErrorNamesItsLineAndColumnInTheToolsWords() {
        assertThatThrownBy(() -> TerraformSyntax.parse("""
                resource "aws_iam_role" "x" {
                  name = = "x"
                }
                """))
                .isInstanceOf(TemplateException.class)
                .hasMessage("not valid Terraform syntax: unexpected \"=\" (line 2, column 10)");
    }

    @Test
    void unclosedBlockIsASyntaxError() {
        assertThatThrownBy(() -> TerraformSyntax.parse("resource \"aws_iam_role\" \"x\" {\n"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("not valid Terraform syntax: unexpected end of file");
    }
}
