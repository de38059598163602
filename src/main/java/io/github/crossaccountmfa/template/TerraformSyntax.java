package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.openrewrite.hcl.internal.grammar.HCLLexer;
import org.openrewrite.hcl.internal.grammar.HCLParser;

/**
 * Reads Terraform's configuration language with a real HCL2 grammar: the ANTLR lexer and parser of OpenRewrite's
 * {@code rewrite-hcl} (maintained with HCL's native-syntax specification, it parses heredocs with their
 * interpolations, for expressions, splats, conditionals and provider functions, and gives every token its line).
 * Only the generated grammar is used, turned here into the small {@link Hcl} tree; this class is the only one that
 * knows it. The grammar leaves two things to its users, done here: operator precedence (its binary operations are
 * one right-leaning chain), and template directives ({@code %{ if }}, which it does not lex: such a template
 * becomes {@link Hcl.Unsupported}, the rest of the file is still read).
 */
final class TerraformSyntax {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Binary operators from the loosest to the tightest, as HCL's specification orders them. */
    private static final List<List<String>> PRECEDENCE = List.of(List.of("||"), List.of("&&"), List.of("==", "!="),
            List.of("<", ">", "<=", ">="), List.of("+", "-"), List.of("*", "/", "%"));

    private final CharStream input;
    /** Where the lexer met a template directive it does not read ({@code %{}): offsets into the text. */
    private final List<Integer> directives = new ArrayList<>();

    private TerraformSyntax(String text) {
        this.input = CharStreams.fromString(text);
    }

    /**
     * Parses one {@code .tf} or {@code .tfvars} file.
     *
     * @throws TemplateException naming the line and column of the first syntax error
     */
    static Hcl.Body parse(String text) {
        return new TerraformSyntax(text).body();
    }

    /** Parses a template file ({@code templatefile}) as a template expression. */
    static Hcl.Expr parseTemplate(String text) {
        String marker = "EOT";
        while (text.contains(marker)) {
            marker += "X";
        }
        // A heredoc's body is template syntax: the file is read as one, so its lines shift by one.
        String wrapped = "t = <<" + marker + "\n" + text + (text.endsWith("\n") ? "" : "\n") + marker + "\n";
        Hcl.Body body = parse(wrapped);
        return body.attributes().getFirst().value();
    }

    private Hcl.Body body() {
        HCLLexer lexer = new HCLLexer(input);
        lexer.removeErrorListeners();
        lexer.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object symbol, int line, int column, String message,
                                    RecognitionException e) {
                int at = lexer._tokenStartCharIndex;
                if (input.getText(Interval.of(at, at + 1)).equals("%{")) {
                    directives.add(at);
                    return;
                }
                throw new TemplateException("not valid Terraform syntax: unexpected character "
                        + quote(input.getText(Interval.of(at, at))) + " (line " + line + ", column " + (column + 1)
                        + ")");
            }
        });
        HCLParser parser = new HCLParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object symbol, int line, int column, String message,
                                    RecognitionException e) {
                String near = symbol instanceof Token token && token.getType() != Token.EOF
                        ? "unexpected " + quote(token.getText()) : "unexpected end of file";
                throw new TemplateException("not valid Terraform syntax: " + near + " (line " + line + ", column "
                        + (column + 1) + ")");
            }
        });
        try {
            return body(parser.configFile().body());
        } catch (ParseCancellationException e) {
            throw new TemplateException("not valid Terraform syntax");
        } catch (StackOverflowError e) {
            throw new TemplateException("not read: expressions nested too deeply");
        }
    }

    private static String quote(String text) {
        String shown = text.length() > 20 ? text.substring(0, 20) + "…" : text;
        return "\"" + shown.replace("\n", "\\n") + "\"";
    }

    // ---- structure ----------------------------------------------------------------------------------------

    private Hcl.Body body(HCLParser.BodyContext body) {
        List<Hcl.Attribute> attributes = new ArrayList<>();
        List<Hcl.Block> blocks = new ArrayList<>();
        for (HCLParser.BodyContentContext content : body.bodyContent()) {
            if (content.attribute() != null) {
                HCLParser.AttributeContext attribute = content.attribute();
                TerminalNode name = attribute.Identifier() != null ? attribute.Identifier() : attribute.NULL();
                attributes.add(new Hcl.Attribute(name.getText(), expression(attribute.expression()),
                        name.getSymbol().getLine()));
            } else {
                HCLParser.BlockContext block = content.block();
                List<String> labels = new ArrayList<>();
                for (HCLParser.BlockLabelContext label : block.blockLabel()) {
                    labels.add(label.Identifier() != null ? label.Identifier().getText()
                            : label.stringLiteral() == null ? "" : unescape(label.stringLiteral().getText()));
                }
                blocks.add(new Hcl.Block(block.Identifier().getText(), labels, body(block.blockExpr().body()),
                        block.getStart().getLine()));
            }
        }
        return new Hcl.Body(attributes, blocks);
    }

    // ---- expressions --------------------------------------------------------------------------------------

    private String text(ParserRuleContext context) {
        if (context.getStop() == null || context.getStop().getStopIndex() < context.getStart().getStartIndex()) {
            return "";
        }
        return input.getText(Interval.of(context.getStart().getStartIndex(), context.getStop().getStopIndex()))
                .replaceAll("\\s+", " ").strip();
    }

    private static int line(ParserRuleContext context) {
        return context.getStart().getLine();
    }

    private Hcl.Expr expression(HCLParser.ExpressionContext context) {
        return switch (context) {
            case HCLParser.ExpressionTermContext term -> term(term.exprTerm());
            case HCLParser.OperationExpressionContext operation -> operation(operation.operation());
            case HCLParser.ConditionalExpressionContext conditional -> new Hcl.Conditional(
                    expression(conditional.expression(0)), expression(conditional.expression(1)),
                    expression(conditional.expression(2)), line(conditional), text(conditional));
            default -> unsupported("this expression", context);
        };
    }

    private Hcl.Expr unsupported(String what, ParserRuleContext context) {
        return new Hcl.Unsupported(what, line(context), text(context));
    }

    private Hcl.Expr operation(HCLParser.OperationContext context) {
        if (context.unaryOp() != null) {
            return unary(context.unaryOp());
        }
        // The grammar chains binary operations to the right without precedence: a && b || c is read as
        // a && (b || c). The chain is flattened and rebuilt with HCL's precedence.
        List<Hcl.Expr> operands = new ArrayList<>();
        List<String> operators = new ArrayList<>();
        HCLParser.BinaryOpContext binary = context.binaryOp();
        while (true) {
            operands.add(binary.unaryOp() != null ? unary(binary.unaryOp()) : term(binary.exprTerm(0)));
            operators.add(binary.binaryOperator().getText());
            if (binary.operation() == null) {
                operands.add(term(binary.exprTerm(binary.unaryOp() != null ? 0 : 1)));
                break;
            }
            HCLParser.OperationContext next = binary.operation();
            if (next.unaryOp() != null) {
                operands.add(unary(next.unaryOp()));
                break;
            }
            binary = next.binaryOp();
        }
        return precedence(operands, operators, 0, context);
    }

    /** Builds the tree of {@code operands} joined by {@code operators}, loosest level first, left-associative. */
    private Hcl.Expr precedence(List<Hcl.Expr> operands, List<String> operators, int level,
                                ParserRuleContext context) {
        if (operands.size() == 1) {
            return operands.getFirst();
        }
        if (level >= PRECEDENCE.size()) {
            return unsupported("an operator", context);
        }
        List<String> here = PRECEDENCE.get(level);
        int last = -1;
        for (int i = 0; i < operators.size(); i++) {
            if (here.contains(operators.get(i))) {
                last = i;
            }
        }
        if (last < 0) {
            return precedence(operands, operators, level + 1, context);
        }
        Hcl.Expr left = precedence(operands.subList(0, last + 1), operators.subList(0, last), level, context);
        Hcl.Expr right = precedence(operands.subList(last + 1, operands.size()),
                operators.subList(last + 1, operators.size()), level + 1, context);
        return new Hcl.Binary(operators.get(last), left, right, left.line(),
                left.text() + " " + operators.get(last) + " " + right.text());
    }

    private Hcl.Expr unary(HCLParser.UnaryOpContext context) {
        return new Hcl.Unary(context.NOT() != null ? "!" : "-", term(context.exprTerm()), line(context), text(context));
    }

    private Hcl.Expr term(HCLParser.ExprTermContext context) {
        int line = line(context);
        String text = text(context);
        return switch (context) {
            case HCLParser.TemplateExpressionContext template -> template(template.templateExpr());
            case HCLParser.LiteralExpressionContext literal -> literal(literal.literalValue());
            case HCLParser.ForExpressionContext forExpression -> forExpression(forExpression.forExpr());
            case HCLParser.CollectionValueExpressionContext collection -> collection(collection.collectionValue());
            case HCLParser.VariableExpressionContext variable ->
                    new Hcl.Variable(variable.variableExpr().Identifier().getText(), line, text);
            case HCLParser.FunctionCallExpressionContext call -> call(call.functionCall());
            case HCLParser.IndexAccessExpressionContext index ->
                    new Hcl.Index(term(index.exprTerm()), expression(index.index().expression()), line, text);
            case HCLParser.AttributeAccessExpressionContext access ->
                    new Hcl.GetAttr(term(access.exprTerm()), access.getAttr().Identifier().getText(), line, text);
            case HCLParser.LegacyIndexAttributeExpressionContext legacy -> new Hcl.Index(term(legacy.exprTerm()),
                    number(legacy.legacyIndexAttr().NumericLiteral().getText(), line), line, text);
            case HCLParser.SplatExpressionContext splat -> splat(term(splat.exprTerm()), splat.splat(), line, text);
            case HCLParser.ParentheticalExpressionContext parenthetical -> expression(parenthetical.expression());
            default -> unsupported("this expression", context);
        };
    }

    private Hcl.Expr literal(HCLParser.LiteralValueContext context) {
        int line = line(context);
        if (context.NumericLiteral() != null) {
            return number(context.NumericLiteral().getText(), line);
        }
        if (context.BooleanLiteral() != null) {
            return new Hcl.Literal(NODES.booleanNode(context.getText().equals("true")), line, context.getText());
        }
        return new Hcl.Literal(NODES.nullNode(), line, "null");
    }

    private static Hcl.Expr number(String text, int line) {
        JsonNode value;
        try {
            BigDecimal number = new BigDecimal(text);
            value = number.scale() <= 0 && number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                    ? NODES.numberNode(number.longValueExact()) : NODES.numberNode(number);
        } catch (NumberFormatException | ArithmeticException e) {
            value = NODES.textNode(text);
        }
        return new Hcl.Literal(value, line, text);
    }

    private Hcl.Expr collection(HCLParser.CollectionValueContext context) {
        if (context.tuple() != null) {
            List<Hcl.Expr> items = context.tuple().expression().stream().map(this::expression).toList();
            return new Hcl.TupleExpr(items, line(context), text(context));
        }
        List<Hcl.Item> items = new ArrayList<>();
        for (HCLParser.ObjectelemContext element : context.object().objectelem()) {
            List<HCLParser.ExpressionContext> expressions = element.expression();
            Hcl.Expr key;
            if (element.qualifiedIdentifier() != null && element.LPAREN() == null) {
                String name = element.qualifiedIdentifier().getText();
                key = name.contains(".") ? reference(element.qualifiedIdentifier())
                        : new Hcl.Literal(NODES.textNode(name), line(element), name);
            } else if (element.qualifiedIdentifier() != null) {
                key = reference(element.qualifiedIdentifier());
            } else if (element.NULL() != null) {
                key = new Hcl.Literal(NODES.textNode("null"), line(element), "null");
            } else if (!element.QUOTE().isEmpty()) {
                key = quoted(element.quotedTemplatePart(), element);
            } else {
                key = expression(expressions.getFirst());
            }
            items.add(new Hcl.Item(key, expression(expressions.getLast())));
        }
        return new Hcl.ObjectExpr(items, line(context), text(context));
    }

    /** {@code a.b.c} as a key in parentheses: a reference. */
    private Hcl.Expr reference(HCLParser.QualifiedIdentifierContext context) {
        List<TerminalNode> names = context.Identifier();
        Hcl.Expr expr = new Hcl.Variable(names.getFirst().getText(), line(context), names.getFirst().getText());
        for (int i = 1; i < names.size(); i++) {
            expr = new Hcl.GetAttr(expr, names.get(i).getText(), line(context), expr.text() + "." + names.get(i));
        }
        return expr;
    }

    private Hcl.Expr call(HCLParser.FunctionCallContext context) {
        String name = context.functionName().getText();
        List<Hcl.Expr> arguments = new ArrayList<>();
        boolean expand = false;
        if (context.arguments() != null) {
            context.arguments().expression().forEach(e -> arguments.add(expression(e)));
            expand = context.arguments().ELLIPSIS() != null;
        }
        return new Hcl.Call(name, arguments, expand, line(context), text(context));
    }

    private Hcl.Expr splat(Hcl.Expr target, HCLParser.SplatContext context, int line, String text) {
        List<Hcl.Step> steps = new ArrayList<>();
        if (context.attrSplat() != null) {
            context.attrSplat().getAttr().forEach(a -> steps.add(new Hcl.Step(Optional.of(a.Identifier().getText()),
                    Optional.empty())));
        } else {
            for (ParseTree child : context.fullSplat().children) {
                if (child instanceof HCLParser.GetAttrContext attribute) {
                    steps.add(new Hcl.Step(Optional.of(attribute.Identifier().getText()), Optional.empty()));
                } else if (child instanceof HCLParser.IndexContext index) {
                    steps.add(new Hcl.Step(Optional.empty(), Optional.of(expression(index.expression()))));
                }
            }
        }
        return new Hcl.Splat(target, steps, line, text);
    }

    private Hcl.Expr forExpression(HCLParser.ForExprContext context) {
        boolean tuple = context.forTupleExpr() != null;
        HCLParser.ForIntroContext intro = tuple ? context.forTupleExpr().forIntro() : context.forObjectExpr().forIntro();
        HCLParser.ForCondContext condition = tuple ? context.forTupleExpr().forCond()
                : context.forObjectExpr().forCond();
        List<TerminalNode> names = intro.Identifier();
        Optional<String> keyVariable = names.size() > 1 ? Optional.of(names.get(0).getText()) : Optional.empty();
        String valueVariable = names.getLast().getText();
        Optional<Hcl.Expr> key = tuple ? Optional.empty()
                : Optional.of(expression(context.forObjectExpr().expression(0)));
        Hcl.Expr value = tuple ? expression(context.forTupleExpr().expression())
                : expression(context.forObjectExpr().expression(1));
        return new Hcl.For(keyVariable, valueVariable, expression(intro.expression()), key, value,
                Optional.ofNullable(condition).map(c -> expression(c.expression())),
                !tuple && context.forObjectExpr().ELLIPSIS() != null, line(context), text(context));
    }

    // ---- templates ------------------------------------------------------------------------------------------

    private Hcl.Expr template(HCLParser.TemplateExprContext context) {
        if (hasDirective(context)) {
            return new Hcl.Unsupported("a template directive (%{…}), which is not evaluated", line(context),
                    text(context));
        }
        return switch (context) {
            case HCLParser.QuotedTemplateContext quoted -> quoted(quoted.quotedTemplatePart(), quoted);
            case HCLParser.HeredocContext heredoc -> heredoc(heredoc);
            default -> unsupported("this template", context);
        };
    }

    private boolean hasDirective(ParserRuleContext context) {
        int start = context.getStart().getStartIndex();
        int stop = context.getStop() == null ? start : context.getStop().getStopIndex();
        return directives.stream().anyMatch(at -> at >= start && at <= stop);
    }

    private Hcl.Expr quoted(List<HCLParser.QuotedTemplatePartContext> parts, ParserRuleContext context) {
        if (hasDirective(context)) {
            return new Hcl.Unsupported("a template directive (%{…}), which is not evaluated", line(context),
                    text(context));
        }
        List<Hcl.Expr> out = new ArrayList<>();
        for (HCLParser.QuotedTemplatePartContext part : parts) {
            if (part.templateInterpolation() != null) {
                out.add(expression(part.templateInterpolation().expression()));
            } else {
                out.add(new Hcl.Literal(NODES.textNode(unescape(part.getText())), line(part), part.getText()));
            }
        }
        return templateOf(out, line(context), text(context));
    }

    private static Hcl.Expr templateOf(List<Hcl.Expr> parts, int line, String text) {
        boolean literal = parts.stream().allMatch(p -> p instanceof Hcl.Literal l && l.value().isTextual());
        if (literal) {
            StringBuilder value = new StringBuilder();
            parts.forEach(p -> value.append(((Hcl.Literal) p).value().textValue()));
            return new Hcl.Literal(NODES.textNode(value.toString()), line, text);
        }
        return new Hcl.Template(parts, line, text);
    }

    /**
     * A heredoc: its lines, joined with newlines and ended by one; {@code <<-} removes the indentation the lines
     * share, as Terraform does.
     */
    private Hcl.Expr heredoc(HCLParser.HeredocContext context) {
        List<List<Hcl.Expr>> lines = new ArrayList<>();
        List<Hcl.Expr> current = null;
        for (ParseTree child : context.children) {
            if (child instanceof TerminalNode terminal && terminal.getSymbol().getType() == HCLLexer.NEWLINE) {
                current = new ArrayList<>();
                lines.add(current);
            } else if (child instanceof HCLParser.HeredocTemplatePartContext part && current != null) {
                if (part.templateInterpolation() != null) {
                    current.add(expression(part.templateInterpolation().expression()));
                } else {
                    current.add(new Hcl.Literal(NODES.textNode(part.getText().replace("$${", "${")
                            .replace("%%{", "%{")), line(part), part.getText()));
                }
            }
        }
        // The last line holds only what precedes the closing marker.
        if (!lines.isEmpty()) {
            lines.removeLast();
        }
        if (context.HEREDOC_START().getText().equals("<<-")) {
            lines = unindent(lines);
        }
        List<Hcl.Expr> parts = new ArrayList<>();
        for (List<Hcl.Expr> line : lines) {
            parts.addAll(line);
            parts.add(new Hcl.Literal(NODES.textNode("\n"), context.getStart().getLine(), "\\n"));
        }
        return templateOf(parts, line(context), text(context));
    }

    private static List<List<Hcl.Expr>> unindent(List<List<Hcl.Expr>> lines) {
        int common = Integer.MAX_VALUE;
        for (List<Hcl.Expr> line : lines) {
            String first = line.isEmpty() ? "" : line.getFirst() instanceof Hcl.Literal l ? l.value().asText() : "x";
            if (first.isBlank() && line.size() <= 1) {
                continue;
            }
            int spaces = 0;
            while (spaces < first.length() && Character.isWhitespace(first.charAt(spaces))) {
                spaces++;
            }
            common = Math.min(common, spaces);
        }
        if (common == Integer.MAX_VALUE || common == 0) {
            return lines;
        }
        List<List<Hcl.Expr>> out = new ArrayList<>();
        for (List<Hcl.Expr> line : lines) {
            List<Hcl.Expr> copy = new ArrayList<>(line);
            if (!copy.isEmpty() && copy.getFirst() instanceof Hcl.Literal l) {
                String text = l.value().asText();
                copy.set(0, new Hcl.Literal(NODES.textNode(text.substring(Math.min(common, text.length()))),
                        l.line(), l.text()));
            }
            out.add(copy);
        }
        return out;
    }

    /**
     * A quoted string's escapes: {@code \n \r \t \" \\}, and {@code $${} and {@code %%{} for a literal {@code ${}
     * and {@code %{}. (The grammar does not lex HCL's {@code \\uNNNN}: such a string is a syntax error.)
     */
    private static String unescape(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(++i);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> next;
                });
            } else if (raw.startsWith("$${", i) || raw.startsWith("%%{", i)) {
                out.append(c).append('{');
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
