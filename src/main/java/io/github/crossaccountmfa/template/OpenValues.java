package io.github.crossaccountmfa.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The open values of one template check, and the tokens that stand for them inside resolved text. A token is a
 * private-use character, the value's index and another private-use character, so it survives {@code Fn::Sub} and
 * {@code Fn::Join} as part of a string: {@code arn:aws:iam::⟨3⟩:root}. Literal text never contains these
 * characters ({@link #literal}). Not thread-safe: one instance per template being checked.
 */
final class OpenValues {
    static final char START = '\uE000';
    static final char END = '\uE001';

    private final List<OpenValue> values = new ArrayList<>();
    private final Map<String, Integer> byReference = new HashMap<>();

    /** The token of {@code value}; the same reference always gives the same token. */
    String token(OpenValue value) {
        Integer index = byReference.get(value.reference());
        if (index == null) {
            index = values.size();
            values.add(value);
            byReference.put(value.reference(), index);
        }
        return START + Integer.toString(index) + END;
    }

    OpenValue get(int index) {
        return values.get(index);
    }

    static boolean hasToken(String text) {
        return text.indexOf(START) >= 0;
    }

    /** Text from the template, with the token characters (which no real template uses) made harmless. */
    static String literal(String text) {
        return hasToken(text) || text.indexOf(END) >= 0
                ? text.replace(START, '\uFFFD').replace(END, '\uFFFD') : text;
    }

    /** A piece of resolved text: literal text, or the index of an open value. */
    sealed interface Segment {
    }

    record Text(String text) implements Segment {
    }

    record Open(int index) implements Segment {
    }

    static List<Segment> segments(String text) {
        List<Segment> segments = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int start = text.indexOf(START, at);
            int end = start < 0 ? -1 : text.indexOf(END, start);
            if (start < 0 || end < 0) {
                segments.add(new Text(text.substring(at)));
                break;
            }
            if (start > at) {
                segments.add(new Text(text.substring(at, start)));
            }
            segments.add(new Open(Integer.parseInt(text.substring(start + 1, end))));
            at = end + 1;
        }
        return segments;
    }

    /** The indexes of the open values in {@code text}, in order. */
    static List<Integer> indexes(String text) {
        List<Integer> indexes = new ArrayList<>();
        for (Segment segment : segments(text)) {
            if (segment instanceof Open open) {
                indexes.add(open.index());
            }
        }
        return indexes;
    }

    /** {@code text} with each token replaced by {@code replacement.apply(index)}. */
    static String render(String text, IntFunction<String> replacement) {
        if (!hasToken(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        for (Segment segment : segments(text)) {
            switch (segment) {
                case Text t -> out.append(t.text());
                case Open o -> out.append(replacement.apply(o.index()));
            }
        }
        return out.toString();
    }

    /** {@code text} as people read it: each open value as its placeholder. */
    String display(String text) {
        return render(text, index -> get(index).placeholder());
    }
}
