package io.github.crossaccountmfa.deploy;

import static io.github.crossaccountmfa.deploy.Templates.getAtt;
import static io.github.crossaccountmfa.deploy.Templates.ref;
import static io.github.crossaccountmfa.deploy.Templates.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.lambda.RemediationHandler;
import io.github.crossaccountmfa.remediation.RemediationRequest;
import io.github.crossaccountmfa.rule.RuleParameters;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The deployment templates: cfn-lint (with its SAM translator) accepts each with zero errors and warnings, and the
 * facts the product depends on hold (alias and SnapStart, triggers, permission, least privilege, remediation wiring).
 */
class DeployTemplatesTest {
    private static final JsonNode SAM = Templates.load(Templates.SAM_TEMPLATE);
    private static final JsonNode ORGANIZATION = Templates.load(Templates.DEPLOY.resolve("organization.yaml"));
    private static final JsonNode CONFORMANCE_PACK = Templates.load(Templates.DEPLOY.resolve("conformance-pack.yaml"));
    private static final JsonNode MEMBER_ROLE = Templates.load(Templates.DEPLOY.resolve("member-execution-role.yaml"));
    private static final JsonNode MEMBER_REMEDIATION = Templates.load(Templates.DEPLOY.resolve("member-remediation.yaml"));
    private static final Set<String> RULE_PARAMETERS = Set.of(RuleParameters.TRUSTED_ACCOUNT_IDS,
            RuleParameters.TRUSTED_ORGANIZATION_IDS, RuleParameters.ACCEPT_EXTERNAL_ID, RuleParameters.EXEMPTION_TAG_KEY,
            RuleParameters.EXECUTION_ROLE_NAME);
    private static final Set<String> TRIGGERS = Set.of("ConfigurationItemChangeNotification",
            "OversizedConfigurationItemChangeNotification", "ScheduledNotification");

    @Test
    @Tag("cfn-lint")
    void cfnLintReportsNothingOnAnyTemplate() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("cfn-lint", "--"));
        Templates.all().forEach(template -> command.add(template.toString()));
        assertThat(command).as("template.yaml and deploy/*.yaml").hasSizeGreaterThanOrEqualTo(7);
        // the conformance pack's own template, which cfn-lint would otherwise see only as a string
        Path packBody = Files.createTempFile("conformance-pack-body", ".yaml");
        try {
            Files.writeString(packBody, packBody());
            command.add(packBody.toString());

            Process lint = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(lint.waitFor(300, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();

            assertThat(output).as("cfn-lint output").isEmpty();
            assertThat(lint.exitValue()).isZero();
        } finally {
            Files.deleteIfExists(packBody);
        }
    }

    @Test
    void ruleFunctionRunsTheConfigHandlerOnJava25Arm64WithSnapStartOnItsAlias() throws Exception {
        JsonNode function = resource(SAM, "RuleFunction").path("Properties");

        assertHandlerExists(function.path("Handler").asText(), "io.github.crossaccountmfa.lambda.ConfigRuleHandler");
        assertThat(function.path("Runtime").asText()).isEqualTo("java25");
        assertThat(texts(function.path("Architectures"))).containsExactly("arm64");
        assertThat(function.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(function.path("AutoPublishAlias").asText()).isNotBlank();
        assertThat(function.path("MemorySize").asInt()).isGreaterThanOrEqualTo(1024);
        assertThat(function.path("Timeout").asInt()).isEqualTo(900);
        assertThat(function.path("CodeUri").asText()).isEqualTo(".");
    }

    @Test
    void configRuleInvokesTheAliasOnChangesOversizedItemsAndASchedule() {
        JsonNode rule = resource(SAM, "CrossAccountMfaRule");
        JsonNode source = rule.path("Properties").path("Source");

        assertThat(rule.path("Type").asText()).isEqualTo("AWS::Config::ConfigRule");
        assertThat(source.path("Owner").asText()).isEqualTo("CUSTOM_LAMBDA");
        assertThat(source.path("SourceIdentifier")).isEqualTo(ref("RuleFunction.Alias"));
        assertThat(source.path("SourceDetails")).hasSize(3);
        assertTriggeredOnChangesOversizedItemsAndTheSchedule(source.path("SourceDetails"));
        assertThat(texts(rule.path("Properties").path("Scope").path("ComplianceResourceTypes")))
                .containsExactly("AWS::IAM::Role");
        assertThat(texts(rule.path("DependsOn"))).contains("RuleInvokePermission", "RuleFunctionLogGroup");
    }

    @Test
    void everyRuleParameterComesFromAValidatedStackParameter() {
        JsonNode input = resource(SAM, "CrossAccountMfaRule").path("Properties").path("InputParameters");

        assertThat(fieldNames(input)).isEqualTo(RULE_PARAMETERS);
        for (String key : RULE_PARAMETERS) {
            assertThat(input.path(key).toString()).as(key).contains("\"Ref\":\"" + key + "\"");
            JsonNode parameter = SAM.path("Parameters").path(key);
            assertThat(parameter.has("AllowedPattern") || parameter.has("AllowedValues")).as(key + " validated").isTrue();
            assertThat(parameter.path("Default").isTextual()).as(key + " optional").isTrue();
        }
        assertThat(texts(SAM.path("Parameters").path("MaximumExecutionFrequency").path("AllowedValues")))
                .containsExactlyInAnyOrder("One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours");
    }

    @Test
    void parameterPatternsAcceptEmptyAndValidValuesAndRejectMalformedOnes() {
        Map<String, List<String>> valid = Map.of(
                "TrustedAccountIds", List.of("", "222222222222", "222222222222,333333333333", "222222222222, 333333333333"),
                "TrustedOrganizationIds", List.of("", "o-a1b2c3d4e5", "o-a1b2c3d4e5,o-abcdefghij12"),
                "ExemptionTagKey", List.of("", "mfa-exempt", "security:exempt", "Exempt From MFA"),
                "ExecutionRoleName", List.of("", "CrossAccountMfaRuleExecution", "a+b=c,d.e@f_g-h"));
        Map<String, List<String>> invalid = Map.of(
                "TrustedAccountIds", List.of("12345", "222222222222,", "abc", "222222222222;333333333333"),
                "TrustedOrganizationIds", List.of("o-short", "org-a1b2c3d4e5", "o-A1B2C3D4E5"),
                "ExemptionTagKey", List.of("quote\"", "back\\slash", "x".repeat(129)),
                "ExecutionRoleName", List.of("has space", "x".repeat(65), "role/with/path"));
        valid.forEach((key, values) -> {
            Pattern pattern = Pattern.compile(SAM.path("Parameters").path(key).path("AllowedPattern").asText());
            for (String value : values) {
                assertThat(pattern.matcher(value).matches()).as(key + " accepts \"" + value + "\"").isTrue();
                assertThat(RuleParameters.parse(json(key, value))).as("the rule accepts " + key + "=" + value).isNotNull();
            }
        });
        invalid.forEach((key, values) -> {
            Pattern pattern = Pattern.compile(SAM.path("Parameters").path(key).path("AllowedPattern").asText());
            for (String value : values) {
                assertThat(pattern.matcher(value).matches()).as(key + " rejects \"" + value + "\"").isFalse();
            }
        });
    }

    @Test
    void onlyConfigOfThisAccountMayInvokeTheAlias() {
        JsonNode permission = resource(SAM, "RuleInvokePermission").path("Properties");

        assertThat(permission.path("FunctionName")).isEqualTo(ref("RuleFunction.Alias"));
        assertThat(permission.path("Action").asText()).isEqualTo("lambda:InvokeFunction");
        assertThat(permission.path("Principal").asText()).isEqualTo("config.amazonaws.com");
        assertThat(permission.path("SourceAccount")).isEqualTo(ref("AWS::AccountId"));
        assertThat(permission.path("SourceArn").toString()).contains("config-rule/*");
    }

    @Test
    void bothRuleFunctionsHaveAReservedConcurrencyThatZeroTurnsOff() {
        for (JsonNode template : List.of(SAM, ORGANIZATION)) {
            JsonNode function = resource(template, "RuleFunction").path("Properties");
            JsonNode parameter = template.path("Parameters").path("RuleFunctionConcurrency");

            assertThat(function.path("ReservedConcurrentExecutions").toString())
                    .isEqualTo("{\"Fn::If\":[\"HasReservedConcurrency\",{\"Ref\":\"RuleFunctionConcurrency\"},"
                            + "{\"Ref\":\"AWS::NoValue\"}]}");
            assertThat(template.path("Conditions").path("HasReservedConcurrency").toString())
                    .contains("RuleFunctionConcurrency").contains("\"0\"");
            assertThat(parameter.path("Type").asText()).isEqualTo("Number");
            assertThat(parameter.path("Default").asInt()).isPositive();
            assertThat(parameter.path("MinValue").asInt()).isZero();
        }
    }

    @Test
    void bothTemplatesAlarmOnTheRuleFunctionsErrorsAndTellTheOptionalTopic() {
        for (JsonNode template : List.of(SAM, ORGANIZATION)) {
            JsonNode alarm = resource(template, "RuleFunctionErrorsAlarm");
            JsonNode properties = alarm.path("Properties");

            assertThat(alarm.path("Type").asText()).isEqualTo("AWS::CloudWatch::Alarm");
            assertThat(properties.path("Namespace").asText()).isEqualTo("AWS/Lambda");
            assertThat(properties.path("MetricName").asText()).isEqualTo("Errors");
            assertThat(properties.path("Dimensions").get(0).path("Name").asText()).isEqualTo("FunctionName");
            assertThat(properties.path("Dimensions").get(0).path("Value")).isEqualTo(ref("RuleFunction"));
            assertThat(properties.path("Statistic").asText()).isEqualTo("Sum");
            assertThat(properties.path("Threshold").asInt()).isEqualTo(1);
            assertThat(properties.path("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
            assertThat(properties.path("TreatMissingData").asText()).isEqualTo("notBreaching");
            for (String actions : List.of("AlarmActions", "OKActions")) {
                assertThat(properties.path(actions).toString()).isEqualTo("{\"Fn::If\":[\"HasAlarmTopic\","
                        + "[{\"Ref\":\"AlarmTopicArn\"}],{\"Ref\":\"AWS::NoValue\"}]}");
            }
            Pattern topic = Pattern.compile(template.path("Parameters").path("AlarmTopicArn").path("AllowedPattern").asText());
            assertThat(topic.matcher("").matches()).isTrue();
            assertThat(topic.matcher("arn:aws:sns:us-east-1:123456789012:rule-alarms").matches()).isTrue();
            assertThat(topic.matcher("arn:aws:sqs:us-east-1:123456789012:queue").matches()).isFalse();
        }
    }

    @Test
    void organizationInvokePermissionAllowsOnlyConfigToInvokeOnlyTheAlias() {
        JsonNode permission = resource(ORGANIZATION, "RuleInvokePermission").path("Properties");

        assertThat(fieldNames(permission)).containsExactlyInAnyOrder("FunctionName", "Action", "Principal");
        assertThat(permission.path("FunctionName")).isEqualTo(ref("RuleFunction.Alias"));
        assertThat(permission.path("Action").asText()).isEqualTo("lambda:InvokeFunction");
        assertThat(permission.path("Principal").asText()).isEqualTo("config.amazonaws.com");
        assertThat(Templates.resourcesOfType(ORGANIZATION, "AWS::Lambda::Permission"))
                .containsExactly("RuleInvokePermission");
    }

    @Test
    void ruleFunctionMayOnlyReadIamReportToConfigAndAssumeTheExecutionRole() {
        JsonNode statements = resource(SAM, "RuleFunction").path("Properties").path("Policies").get(0).path("Statement");

        assertThat(actions(statements)).containsExactlyInAnyOrder("iam:ListRoles", "iam:ListRoleTags",
                "config:PutEvaluations", "config:GetResourceConfigHistory", "config:GetComplianceDetailsByConfigRule",
                "sts:AssumeRole");
        assertThat(statements.toString()).as("AssumeRole only when ExecutionRoleName is set")
                .contains("\"Fn::If\":[\"HasExecutionRoleName\"")
                .contains("role/${ExecutionRoleName}");
    }

    @Test
    void remediationFunctionRunsTheRemediationHandlerAndMayRewriteTrustPoliciesOnly() throws Exception {
        JsonNode function = resource(SAM, "RemediationFunction").path("Properties");
        JsonNode statements = function.path("Policies").get(0).path("Statement");

        assertHandlerExists(function.path("Handler").asText(), RemediationHandler.class.getName());
        assertThat(function.path("Handler").asText()).isEqualTo(RemediationHandler.HANDLER);
        assertThat(actions(statements)).containsExactlyInAnyOrder("iam:ListRoles", "iam:GetRole",
                "iam:UpdateAssumeRolePolicy", "sns:Publish");
        assertThat(fieldNames(function.path("Environment").path("Variables")))
                .containsExactlyInAnyOrder(RemediationHandler.RULE_PARAMETERS_VARIABLE, RemediationHandler.TOPIC_VARIABLE);
    }

    @Test
    void remediationFunctionGetsTheRuleParametersAsJsonTheRuleAccepts() {
        String template = resource(SAM, "RemediationFunction").path("Properties").path("Environment")
                .path("Variables").path(RemediationHandler.RULE_PARAMETERS_VARIABLE).path("Fn::Sub").asText();

        RuleParameters empty = RuleParameters.parse(substitute(template, Map.of()));
        RuleParameters set = RuleParameters.parse(substitute(template, Map.of("TrustedAccountIds", "222222222222",
                "AcceptExternalId", "true", "ExemptionTagKey", "mfa-exempt")));

        assertThat(empty).isEqualTo(RuleParameters.DEFAULTS);
        assertThat(set.trustedAccountIds()).containsExactly("222222222222");
        assertThat(set.acceptExternalId()).isTrue();
        assertThat(set.exemptionTagKey()).contains("mfa-exempt");
    }

    @Test
    void remediationConfigurationRunsTheDocumentOnTheRoleIdManualByDefault() {
        JsonNode remediation = resource(SAM, "RequireMfaRemediation").path("Properties");
        JsonNode parameters = remediation.path("Parameters");

        assertThat(remediation.path("ConfigRuleName")).isEqualTo(ref("CrossAccountMfaRule"));
        assertThat(remediation.path("TargetType").asText()).isEqualTo("SSM_DOCUMENT");
        assertThat(remediation.path("TargetId")).isEqualTo(ref("RequireMfaDocument"));
        assertThat(parameters.path("RoleId").path("ResourceValue").path("Value").asText()).isEqualTo("RESOURCE_ID");
        assertThat(parameters.path("Apply").path("StaticValue").path("Values").get(0)).isEqualTo(ref("RemediationApply"));
        assertThat(parameters.path("AutomationAssumeRole").path("StaticValue").path("Values").get(0))
                .isEqualTo(getAtt("RemediationAutomationRole", "Arn"));
        assertThat(remediation.path("Automatic").toString()).contains("IsAutomaticRemediation");
        assertThat(SAM.path("Parameters").path("AutomaticRemediation").path("Default").asText()).isEqualTo("false");
        assertThat(fieldNames(parameters)).isEqualTo(fieldNames(document(SAM).path("parameters")));
    }

    @Test
    void automationDocumentInvokesTheRemediationFunctionWithThePayloadTheHandlerReads() {
        JsonNode content = document(SAM);
        JsonNode step = content.path("mainSteps").get(0);

        assertThat(content.path("schemaVersion").asText()).isEqualTo("0.3");
        assertThat(content.path("assumeRole").asText()).isEqualTo("{{ AutomationAssumeRole }}");
        assertThat(content.path("mainSteps")).hasSize(1);
        assertThat(step.path("action").asText()).isEqualTo("aws:invokeLambdaFunction");
        assertThat(step.path("timeoutSeconds").asInt()).isBetween(1, 300)
                .isGreaterThan(resource(SAM, "RemediationFunction").path("Properties").path("Timeout").asInt());
        assertThat(step.path("inputs").path("FunctionName")).isEqualTo(ref("RemediationFunction"));
        JsonNode payload = step.path("inputs").path("InputPayload");
        assertThat(fieldNames(payload)).containsExactlyInAnyOrder(RemediationRequest.ROLE_ID, RemediationRequest.APPLY);
        for (String key : fieldNames(payload)) {
            assertThat(payload.path(key).asText()).isEqualTo("{{ " + key + " }}");
            assertThat(content.path("parameters").has(key)).as("document parameter " + key).isTrue();
        }
        assertThat(content.path("parameters").path("Apply").path("default").asText()).isEqualTo("false");
    }

    @Test
    void automationRoleMayOnlyInvokeTheRemediationFunction() {
        JsonNode role = resource(SAM, "RemediationAutomationRole").path("Properties");
        JsonNode statements = role.path("Policies").get(0).path("PolicyDocument").path("Statement");

        assertThat(role.at("/AssumeRolePolicyDocument/Statement/0/Principal/Service").asText())
                .isEqualTo("ssm.amazonaws.com");
        assertThat(actions(statements)).containsExactly("lambda:InvokeFunction");
        assertThat(statements.get(0).path("Resource")).isEqualTo(getAtt("RemediationFunction", "Arn"));
    }

    @Test
    void logGroupsKeepLogsForTheConfiguredDays() {
        for (String function : List.of("RuleFunction", "RemediationFunction")) {
            JsonNode group = resource(SAM, function + "LogGroup").path("Properties");
            assertThat(group.path("LogGroupName").path("Fn::Sub").asText()).isEqualTo("/aws/lambda/${" + function + "}");
            assertThat(group.path("RetentionInDays")).isEqualTo(ref("LogRetentionInDays"));
        }
    }

    @Test
    void outputsNameTheRuleTheAliasAndTheDocument() {
        assertThat(fieldNames(SAM.path("Outputs")))
                .contains("RuleName", "RuleFunctionAliasArn", "RemediationDocumentName");
    }

    @Test
    void organizationRuleInvokesTheAliasWithTheExecutionRoleParameter() throws Exception {
        JsonNode rule = resource(ORGANIZATION, "OrganizationRule");
        JsonNode metadata = rule.path("Properties").path("OrganizationCustomRuleMetadata");
        JsonNode function = resource(ORGANIZATION, "RuleFunction").path("Properties");

        assertThat(rule.path("Type").asText()).isEqualTo("AWS::Config::OrganizationConfigRule");
        assertThat(metadata.path("LambdaFunctionArn")).isEqualTo(ref("RuleFunction.Alias"));
        assertThat(Set.copyOf(texts(metadata.path("OrganizationConfigRuleTriggerTypes")))).isEqualTo(TRIGGERS);
        assertThat(texts(metadata.path("ResourceTypesScope"))).containsExactly("AWS::IAM::Role");
        assertThat(metadata.path("MaximumExecutionFrequency")).isEqualTo(ref("MaximumExecutionFrequency"));
        assertThat(texts(rule.path("DependsOn"))).contains("RuleInvokePermission");
        assertThat(rule.path("Properties").path("ExcludedAccounts").toString()).contains("ExcludedAccounts");
        assertThat(function.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertHandlerExists(function.path("Handler").asText(), "io.github.crossaccountmfa.lambda.ConfigRuleHandler");
        RuleParameters parameters = RuleParameters.parse(substitute(metadata.path("InputParameters").path("Fn::Sub")
                .asText(), Map.of("ExecutionRoleName", "CrossAccountMfaRuleExecution")));
        assertThat(parameters.executionRoleName()).contains("CrossAccountMfaRuleExecution");
        assertThat(resource(ORGANIZATION, "RuleInvokePermission").path("Properties").path("FunctionName"))
                .isEqualTo(ref("RuleFunction.Alias"));
    }

    @Test
    void organizationFunctionMayOnlyAssumeExecutionRolesInsideTheOrganization() {
        JsonNode role = resource(ORGANIZATION, "RuleFunctionRole").path("Properties");
        JsonNode statements = role.path("Policies").get(0).path("PolicyDocument").path("Statement");

        assertThat(actions(statements)).containsExactly("sts:AssumeRole");
        assertThat(statements.get(0).at("/Condition/StringEquals/aws:ResourceOrgID")).isEqualTo(ref("OrganizationId"));
        assertThat(resource(ORGANIZATION, "RuleFunction").path("Properties").path("Role"))
                .isEqualTo(getAtt("RuleFunctionRole", "Arn"));
    }

    @Test
    void conformancePackCarriesTheCustomLambdaRuleOfTheCentralFunctionOnChangesOversizedItemsAndASchedule() {
        JsonNode pack = resource(CONFORMANCE_PACK, "OrganizationConformancePack");
        JsonNode body = Templates.parse(packBody());
        JsonNode rule = resource(body, "CrossAccountMfaRule");
        JsonNode source = rule.path("Properties").path("Source");

        assertThat(pack.path("Type").asText()).isEqualTo("AWS::Config::OrganizationConformancePack");
        assertThat(texts(pack.path("DependsOn"))).contains("RuleInvokePermission", "RuleFunctionLogGroup");
        assertThat(pack.path("Properties").path("ExcludedAccounts").toString()).contains("ExcludedAccounts");
        body.path("Resources").forEach(r -> assertThat(r.path("Type").asText()).as("conformance pack resources")
                .isIn("AWS::Config::ConfigRule", "AWS::Config::RemediationConfiguration"));
        assertThat(rule.path("Type").asText()).isEqualTo("AWS::Config::ConfigRule");
        assertThat(source.path("Owner").asText()).isEqualTo("CUSTOM_LAMBDA");
        assertThat(source.path("SourceIdentifier")).isEqualTo(ref("LambdaFunctionArn"));
        assertTriggeredOnChangesOversizedItemsAndTheSchedule(source.path("SourceDetails"));
        assertThat(texts(rule.path("Properties").path("Scope").path("ComplianceResourceTypes")))
                .containsExactly("AWS::IAM::Role");
        assertThat(fieldNames(rule.path("Properties").path("InputParameters"))).isEqualTo(RULE_PARAMETERS);
    }

    @Test
    void everyParameterOfThePackIsPassedFromAValidatedStackParameterAndTheRuleRunsTheAlias() {
        JsonNode inputs = resource(CONFORMANCE_PACK, "OrganizationConformancePack").path("Properties")
                .path("ConformancePackInputParameters");
        JsonNode body = Templates.parse(packBody());
        Set<String> passed = new LinkedHashSet<>();
        for (JsonNode input : inputs) {
            String name = input.path("ParameterName").asText();
            passed.add(name);
            if (name.equals("LambdaFunctionArn")) {
                assertThat(input.path("ParameterValue")).isEqualTo(ref("RuleFunction.Alias"));
                continue;
            }
            assertThat(input.path("ParameterValue")).as(name).isEqualTo(ref(name));
            JsonNode parameter = CONFORMANCE_PACK.path("Parameters").path(name);
            assertThat(parameter.has("AllowedPattern") || parameter.has("AllowedValues")).as(name + " validated").isTrue();
        }
        assertThat(passed).isEqualTo(fieldNames(body.path("Parameters")));
        assertThat(Pattern.compile(CONFORMANCE_PACK.path("Parameters").path("ConformancePackName").path("AllowedPattern")
                .asText()).matcher("cross-account-mfa").matches()).isTrue();
    }

    @Test
    void thePackGivesTheRuleParametersTheRuleAcceptsWithEmptyOnesLeftOut() {
        JsonNode body = Templates.parse(packBody());
        JsonNode inputs = resource(body, "CrossAccountMfaRule").path("Properties").path("InputParameters");

        RuleParameters defaults = RuleParameters.parse(resolve(body, inputs, Map.of("ExecutionRoleName",
                "CrossAccountMfaRuleExecution", "AcceptExternalId", "false")).toString());
        JsonNode set = resolve(body, inputs, Map.of("ExecutionRoleName", "CrossAccountMfaRuleExecution",
                "AcceptExternalId", "true", "TrustedAccountIds", "999999999999", "TrustedOrganizationIds", "o-a1b2c3d4e5",
                "ExemptionTagKey", "mfa-exempt"));
        RuleParameters all = RuleParameters.parse(set.toString());

        assertThat(fieldNames(resolve(body, inputs, Map.of("ExecutionRoleName", "x", "AcceptExternalId", "false"))))
                .containsExactlyInAnyOrder("ExecutionRoleName", "AcceptExternalId");
        assertThat(defaults.executionRoleName()).contains("CrossAccountMfaRuleExecution");
        assertThat(defaults.trustedAccountIds()).isEmpty();
        assertThat(all.trustedAccountIds()).containsExactly("999999999999");
        assertThat(all.trustedOrganizationIds()).containsExactly("o-a1b2c3d4e5");
        assertThat(all.acceptExternalId()).isTrue();
        assertThat(all.exemptionTagKey()).contains("mfa-exempt");
    }

    @Test
    void conformancePackRunsTheSameCentralFunctionRoleAndPermissionAsTheOrganizationRule() {
        for (String id : List.of("RuleFunctionRole", "RuleFunction", "RuleFunctionLogGroup", "RuleInvokePermission")) {
            assertThat(resource(CONFORMANCE_PACK, id)).as(id).isEqualTo(resource(ORGANIZATION, id));
        }
        for (String parameter : List.of("OrganizationId", "ExecutionRoleName", "FunctionRoleName", "ExcludedAccounts",
                "TrustedAccountIds", "TrustedOrganizationIds", "AcceptExternalId", "ExemptionTagKey",
                "MaximumExecutionFrequency", "LogRetentionInDays")) {
            assertThat(CONFORMANCE_PACK.path("Parameters").path(parameter)).as(parameter)
                    .isEqualTo(ORGANIZATION.path("Parameters").path(parameter));
        }
        assertThat(fieldNames(CONFORMANCE_PACK.path("Outputs"))).contains("RuleFunctionAliasArn", "CentralRoleArn",
                "ExecutionRoleName");
    }

    @Test
    void memberExecutionRoleIsStackSetReadyAndTrustsOnlyTheCentralFunctionRole() {
        JsonNode role = resource(MEMBER_ROLE, "ExecutionRole").path("Properties");
        JsonNode trust = role.path("AssumeRolePolicyDocument").path("Statement");
        JsonNode statements = role.path("Policies").get(0).path("PolicyDocument").path("Statement");

        assertThat(MEMBER_ROLE.has("Transform")).as("StackSets need a template without transforms").isFalse();
        assertThat(role.path("RoleName")).isEqualTo(ref("ExecutionRoleName"));
        assertThat(trust).hasSize(1);
        assertThat(trust.get(0).path("Principal").path("AWS")).isEqualTo(ref("CentralRoleArn"));
        assertThat(actions(statements)).containsExactlyInAnyOrder("iam:ListRoles", "iam:ListRoleTags",
                "config:PutEvaluations", "config:GetResourceConfigHistory", "config:GetComplianceDetailsByConfigRule");
    }

    @Test
    void memberRemediationUsesTheSameDocumentAndParametersAsTheSingleAccountTemplate() {
        assertThat(document(MEMBER_REMEDIATION)).isEqualTo(document(SAM));
        JsonNode single = resource(SAM, "RemediationFunction").path("Properties");
        JsonNode member = resource(MEMBER_REMEDIATION, "RemediationFunction").path("Properties");
        assertThat(member.path("Environment")).isEqualTo(single.path("Environment"));
        assertThat(member.path("Policies")).isEqualTo(single.path("Policies"));
        assertThat(member.path("Handler")).isEqualTo(single.path("Handler"));
    }

    @Test
    void samconfigHasADefaultEnvironmentForGuidedDeploys() throws IOException {
        String samconfig = Files.readString(Templates.ROOT.resolve("samconfig.toml"));

        assertThat(samconfig).contains("version = 0.1", "[default.global.parameters]", "stack_name = ",
                "[default.build.parameters]", "[default.deploy.parameters]", "capabilities = \"CAPABILITY_IAM\"",
                "confirm_changeset = true", "resolve_s3 = true", "region = ");
    }

    @Test
    void ciLintsValidatesAndBuildsTheTemplatesAndDeployUsesOidc() throws IOException {
        String ci = Files.readString(Templates.ROOT.resolve(".github/workflows/ci.yml"));
        String deploy = Files.readString(Templates.ROOT.resolve(".github/workflows/deploy.yml"));
        String run = Files.readString(Templates.ROOT.resolve(".ci/run"));

        // JDK 25 is the java25 runtime's JVM (sam build checks the JDK against the runtime); class files stay release 21.
        assertThat(ci).contains("actions/setup-java@", "java-version: '25'", "run: ./.ci/run",
                "aws-actions/setup-sam@", "sam validate --lint", "sam build", "moto[server]");
        assertThat(run).contains("cfn-lint template.yaml deploy/*.yaml");
        assertThat(deploy).contains("java-version: '25'", "workflow_dispatch:", "id-token: write", "aws-actions/configure-aws-credentials@",
                "role-to-assume: ${{ secrets.AWS_DEPLOY_ROLE_ARN }}", "sam build", "sam deploy",
                "--no-confirm-changeset", "--no-fail-on-empty-changeset");
    }

    private static void assertHandlerExists(String handler, String expectedClass) throws Exception {
        assertThat(handler).isEqualTo(expectedClass + "::handleRequest");
        String className = handler.substring(0, handler.indexOf("::"));
        Path compiled = Templates.ROOT.resolve("target/classes").resolve(className.replace('.', '/') + ".class");
        assertThat(compiled).as("compiled handler class").exists();
        Class<?> type = Class.forName(className);
        List<Method> methods = new ArrayList<>();
        for (Method method : type.getMethods()) {
            Class<?>[] parameters = method.getParameterTypes();
            boolean requestHandler = parameters.length == 2 && parameters[1] == Context.class;
            boolean streamHandler = parameters.length == 3 && parameters[0] == java.io.InputStream.class
                    && parameters[1] == java.io.OutputStream.class && parameters[2] == Context.class;
            if (method.getName().equals("handleRequest") && (requestHandler || streamHandler)) {
                methods.add(method);
            }
        }
        assertThat(methods).as(handler + " is a public handleRequest(input, Context) or (InputStream, OutputStream, "
                + "Context)").isNotEmpty();
        assertThat(type.getConstructor()).as("the runtime needs a public no-argument constructor").isNotNull();
    }

    private static void assertTriggeredOnChangesOversizedItemsAndTheSchedule(JsonNode sourceDetails) {
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode detail : sourceDetails) {
            assertThat(detail.path("EventSource").asText()).isEqualTo("aws.config");
            types.add(detail.path("MessageType").asText());
            if (detail.path("MessageType").asText().equals("ScheduledNotification")) {
                assertThat(detail.path("MaximumExecutionFrequency")).isEqualTo(ref("MaximumExecutionFrequency"));
            }
        }
        assertThat(types).isEqualTo(TRIGGERS);
    }

    private static String packBody() {
        return resource(CONFORMANCE_PACK, "OrganizationConformancePack").path("Properties").path("TemplateBody").asText();
    }

    /**
     * The InputParameters a conformance pack rule gets for the given parameter values (the others at their
     * defaults): Ref, Fn::If and the Has* conditions (Not Equals Ref '') evaluated, AWS::NoValue left out.
     */
    private static com.fasterxml.jackson.databind.node.ObjectNode resolve(JsonNode body, JsonNode inputs,
                                                                          Map<String, String> values) {
        com.fasterxml.jackson.databind.node.ObjectNode resolved =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> entry : inputs.properties()) {
            JsonNode value = entry.getValue();
            if (value.has("Fn::If")) {
                JsonNode condition = body.path("Conditions").path(value.path("Fn::If").get(0).asText());
                String tested = condition.at("/Fn::Not/0/Fn::Equals/0/Ref").asText();
                boolean holds = !valueOf(body, tested, values).isEmpty();
                value = value.path("Fn::If").get(holds ? 1 : 2);
            }
            String name = value.path("Ref").asText();
            if (!name.equals("AWS::NoValue")) {
                resolved.put(entry.getKey(), valueOf(body, name, values));
            }
        }
        return resolved;
    }

    private static String valueOf(JsonNode body, String parameter, Map<String, String> values) {
        return values.getOrDefault(parameter, body.path("Parameters").path(parameter).path("Default").asText(""));
    }

    private static JsonNode document(JsonNode template) {
        return resource(template, "RequireMfaDocument").path("Properties").path("Content");
    }

    private static Set<String> actions(JsonNode statements) {
        Set<String> actions = new LinkedHashSet<>();
        statements.forEach(statement -> {
            JsonNode body = statement.has("Fn::If") ? statement.path("Fn::If").get(1) : statement;
            assertThat(body.path("Effect").asText()).isEqualTo("Allow");
            assertThat(body.has("NotAction")).isFalse();
            for (String action : texts(body.path("Action"))) {
                assertThat(action).as("no wildcard actions").doesNotContain("*");
                actions.add(action);
            }
        });
        return actions;
    }

    private static List<String> texts(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String json(String key, String value) {
        return "{\"" + key + "\":\"" + value + "\"}";
    }

    /** Fn::Sub with the given parameter values ("" for the others). */
    private static String substitute(String template, Map<String, String> values) {
        Matcher matcher = Pattern.compile("\\$\\{([A-Za-z0-9:]+)}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1),
                    matcher.group(1).equals("AcceptExternalId") ? "false" : "")));
        }
        return matcher.appendTail(out).toString();
    }
}
