package io.github.crossaccountmfa.rule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.input.StrictJson;
import java.nio.charset.StandardCharsets;

/**
 * Names of AWS accounts that vendors publicly document, in the YAML schema of the community list
 * {@code fwdcloudsec/known_aws_accounts}: a list of {@code {name, accounts: [...], source: [...]}}. The bundled list holds only entries checked against the vendor's own documentation, each with its
 * source URL, stored as JSON in the same schema ({@code /known-accounts.json}); users merge their own with
 * {@code --known-accounts FILE}. Reading YAML is the command line's business: this class takes the parsed tree, so the
 * Lambda functions carry no YAML parser.
 */
public final class KnownAccounts {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Set<String> KEYS = Set.of("name", "accounts", "source", "type");
    private static final KnownAccounts NONE = new KnownAccounts(List.of());
    private static volatile KnownAccounts bundled;

    private final List<Entry> entries;
    private final Map<String, String> names = new LinkedHashMap<>();

    /**
     * One vendor.
     *
     * @param name     the vendor's name
     * @param accounts its 12-digit account ids
     * @param sources  where they are documented
     */
    public record Entry(String name, List<String> accounts, List<String> sources) {
        public Entry {
            accounts = List.copyOf(accounts);
            sources = List.copyOf(sources);
        }
    }

    private KnownAccounts(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (Entry entry : this.entries) {
            for (String account : entry.accounts()) {
                names.put(account, entry.name());
            }
        }
    }

    public static KnownAccounts none() {
        return NONE;
    }

    /** The list shipped with the tool. */
    public static KnownAccounts bundled() {
        KnownAccounts list = bundled;
        if (list == null) {
            // JSON in the same schema, read with Jackson: the Lambda already loads it, and a YAML parser would cost
            // every cold start
            try (InputStream in = KnownAccounts.class.getResourceAsStream("/known-accounts.json")) {
                if (in == null) {
                    throw new IllegalStateException("the bundled known-accounts.json is missing");
                }
                list = fromTree(plain(StrictJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8))),
                        "known-accounts.json");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bundled = list;
        }
        return list;
    }

    /** The given entries. */
    public static KnownAccounts of(List<Entry> entries) {
        return new KnownAccounts(entries);
    }

    /**
     * A list in the community schema, as a YAML or JSON reader gives it (lists, maps, strings and numbers).
     * {@code origin} names the file in error messages.
     *
     * @throws IllegalArgumentException naming the entry and field that is not in the schema
     */
    public static KnownAccounts fromTree(Object root, String origin) {
        if (root == null) {
            return NONE;
        }
        if (!(root instanceof List<?> list)) {
            throw new IllegalArgumentException(origin + ": expected a list of entries (- name: …, accounts: […])");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            entries.add(entry(list.get(i), origin + ": entry " + (i + 1)));
        }
        return new KnownAccounts(entries);
    }

    private static Entry entry(Object item, String where) {
        if (!(item instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + ": expected a mapping with name and accounts");
        }
        Object name = map.get("name");
        if (!(name instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException(where + ": name: expected a non-empty string");
        }
        String at = where + " (" + text.strip() + ")";
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(at + ": unknown key " + key + " (expected name, accounts, source)");
            }
        }
        List<String> accounts = strings(map.get("accounts"), at + ": accounts", true);
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException(at + ": accounts: expected at least one 12-digit account id");
        }
        for (int i = 0; i < accounts.size(); i++) {
            if (!ACCOUNT_ID.matcher(accounts.get(i)).matches()) {
                throw new IllegalArgumentException(at + ": accounts[" + (i + 1) + "]: \"" + accounts.get(i)
                        + "\" is not a 12-digit account id (quote ids that begin with 0)");
            }
        }
        List<String> sources = map.containsKey("source") ? strings(map.get("source"), at + ": source", false) : List.of();
        return new Entry(text.strip(), accounts, sources);
    }

    /** A string or a list of strings; 12-digit numbers are accepted where accounts are expected. */
    private static List<String> strings(Object value, String where, boolean numbers) {
        List<?> items = value instanceof List<?> l ? l : value == null ? null : List.of(value);
        if (items == null) {
            throw new IllegalArgumentException(where + ": expected a list");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (item instanceof String s) {
                out.add(s.strip());
            } else if (numbers && (item instanceof Integer || item instanceof Long || item instanceof java.math.BigInteger)) {
                out.add(item.toString());
            } else {
                throw new IllegalArgumentException(where + "[" + (i + 1) + "]: expected a string");
            }
        }
        return out;
    }

    /** A JSON tree as plain lists, maps, strings and numbers, the shape {@link #fromTree} reads. */
    private static Object plain(JsonNode node) {
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(plain(item)));
            return items;
        }
        if (node.isObject()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            node.properties().forEach(field -> fields.put(field.getKey(), plain(field.getValue())));
            return fields;
        }
        return node.isIntegralNumber() ? node.bigIntegerValue() : node.isTextual() ? node.textValue() : node.toString();
    }

    /** This list with {@code other}'s entries added; {@code other}'s name wins for an account both name. */
    public KnownAccounts merge(KnownAccounts other) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new KnownAccounts(all);
    }

    public Optional<String> name(String account) {
        return Optional.ofNullable(names.get(account));
    }

    public List<Entry> entries() {
        return entries;
    }
}
