package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.MalformedEventException;
import io.github.crossaccountmfa.invocation.RoleSource;
import io.github.crossaccountmfa.invocation.EvaluationHistory;
import io.github.crossaccountmfa.invocation.RuleBackend;
import io.github.crossaccountmfa.invocation.AwsOperationException;
import io.github.crossaccountmfa.invocation.EvaluationSink;
import io.github.crossaccountmfa.invocation.ConfigurationItemFetcher;
import io.github.crossaccountmfa.invocation.RuleInvocation;
import io.github.crossaccountmfa.invocation.CallGuard;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The real backends: IAM and AWS Config through the SDK. The function's own clients are built once per container,
 * each when an invocation first needs it (a change event builds no IAM client);
 * in organization mode ({@code ExecutionRoleName}) the role
 * {@code arn:PARTITION:iam::<event accountId>:role/<name>} is assumed for every IAM and Config call, PutEvaluations
 * included, and its clients are kept per role for the life of the container (credentials refresh themselves).
 */
public final class AwsRuleBackends implements RuleBackend.Factory {
    static final String SESSION_NAME = "cross-account-mfa-rule";

    private final Lazy<AwsClients> clients;
    private final ConfigEvaluationSink.Retry retry;
    private final int concurrency;
    private final Lazy<Backend> own;
    private final ConcurrentMap<String, Backend> assumed = new ConcurrentHashMap<>();

    /** {@code clients} is called at most once, when AWS is first needed. */
    public AwsRuleBackends(Supplier<AwsClients> clients, ConfigEvaluationSink.Retry retry) {
        this(clients, retry, ConfigEvaluationSink.CONCURRENT_CALLS);
    }

    /** As above, with {@code concurrency} PutEvaluations calls in flight per invocation at most. */
    public AwsRuleBackends(Supplier<AwsClients> clients, ConfigEvaluationSink.Retry retry, int concurrency) {
        this.clients = Lazy.of(clients);
        this.retry = retry;
        this.concurrency = concurrency;
        this.own = Lazy.of(() -> new Backend(this.clients, Optional.empty(), retry, concurrency));
    }

    /** The function's own credentials (the clients' settings are built now if they were not yet). */
    public AwsCredentialsProvider credentials() {
        return clients.get().credentials();
    }

    /**
     * Builds the function's own SDK clients now. Only the SnapStart priming hook calls this (so that the snapshot
     * holds them); otherwise each client is built when an event first needs it.
     */
    public AwsRuleBackends warmUp() {
        own.get().iam.get();
        own.get().config.get();
        return this;
    }

    @Override
    public RuleBackend forInvocation(RuleInvocation.Header header, CallGuard guard) {
        return credentials(header).calls(guard);
    }

    private Backend credentials(RuleInvocation.Header header) {
        Optional<String> roleName = header.parameters().executionRoleName();
        if (roleName.isEmpty()) {
            return own.get();
        }
        String account = header.accountId().orElseThrow(() -> new MalformedEventException(
                "accountId is missing; the ExecutionRoleName rule parameter needs it to know where to assume the role"));
        String roleArn = "arn:" + partition(header.ruleArn(), clients) + ":iam::" + account + ":role/" + roleName.get();
        return assumed.computeIfAbsent(roleArn, arn -> new Backend(
                Lazy.of(() -> clients.get().assumeRole(arn, SESSION_NAME)), Optional.of(arn), retry, concurrency));
    }

    /** The partition of the rule ARN ({@code arn:aws-cn:config:…}), else of the function's region. */
    static String partition(Optional<String> ruleArn, Supplier<AwsClients> clients) {
        if (ruleArn.isPresent()) {
            String[] parts = ruleArn.get().split(":", 3);
            if (parts.length == 3 && parts[0].equals("arn") && !parts[1].isEmpty()) {
                return parts[1];
            }
        }
        return partitionOf(clients.get().region());
    }

    static String partitionOf(Region region) {
        return AwsClients.partition(region);
    }

    /** One set of credentials: SDK clients built on first use and kept for the life of the container. */
    private static final class Backend {
        private final Lazy<AwsClients> clients;
        private final Optional<String> assumedRole;
        private final Lazy<IamClient> iam;
        private final Lazy<AwsConfigApi> config;
        private final ConfigEvaluationSink.Retry retry;
        private final int concurrency;

        Backend(Lazy<AwsClients> clients, Optional<String> assumedRole, ConfigEvaluationSink.Retry retry,
                int concurrency) {
            this.concurrency = concurrency;
            this.clients = clients;
            this.assumedRole = assumedRole;
            this.iam = Lazy.of(() -> clients.get().iam());
            this.config = Lazy.of(() -> clients.get().config());
            this.retry = retry;
        }

        /** The adapters of one invocation, each remote call preceded by {@code guard}. */
        RuleBackend calls(CallGuard guard) {
            return new RuleBackend() {
                @Override
                public RoleSource roles() {
                    checkAssumed(guard);
                    return new GuardedRoleSource(new IamRoleSource(iam.get(), guard, worstCase()));
                }

                @Override
                public ConfigurationItemFetcher items() {
                    checkAssumed(guard);
                    return new ConfigHistoryFetcher(config.get(), guard, worstCase());
                }

                @Override
                public EvaluationHistory history() {
                    checkAssumed(guard);
                    return new ConfigEvaluationHistory(config.get(), guard, worstCase());
                }

                @Override
                public EvaluationSink sink() {
                    checkAssumed(guard);
                    return new ConfigEvaluationSink(config.get(), retry, d -> Thread.sleep(d.toMillis()), guard,
                            worstCase(), concurrency);
                }
            };
        }

        private Duration worstCase() {
            return clients.get().worstCase();
        }

        /** In organization mode, assumes the role now (cached afterwards) so that a failure names the role. */
        private void checkAssumed(CallGuard guard) {
            if (assumedRole.isEmpty()) {
                return;
            }
            guard.beforeCall("STS AssumeRole " + assumedRole.get(), worstCase());
            try {
                clients.get().credentials().resolveCredentials();
            } catch (SdkException e) {
                throw new AwsOperationException("Cannot assume role " + assumedRole.get()
                        + " (rule parameter ExecutionRoleName): " + AwsErrors.describe(e), null);
            }
        }
    }
}
