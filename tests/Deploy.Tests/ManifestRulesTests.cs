using PijarSemar.Deploy.Tests.Manifests;
using Xunit;

namespace PijarSemar.Deploy.Tests;

/// <summary>
/// The rules against small manifests: a sound one passes, and each breakage of one rule is
/// reported by that rule alone, so a rule that checks nothing would fail here.
/// </summary>
public sealed class ManifestRulesTests
{
    private const string Sound = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: api, namespace: city }
        spec:
          selector: { matchLabels: { app: api } }
          template:
            metadata: { labels: { app: api, tier: web } }
            spec:
              securityContext: { runAsNonRoot: true, runAsUser: 1654 }
              containers:
                - name: api
                  image: city.example:5000/pijar-semar/api:1.2.3
                  envFrom:
                    - configMapRef: { name: api-config }
                  env:
                    - name: PASSWORD
                      valueFrom: { secretKeyRef: { name: api-secret, key: password } }
                    - name: BROKER_PASSWORD
                      valueFrom: { secretKeyRef: { name: broker-default-user, key: password } }
                    - name: OPTIONAL
                      valueFrom: { secretKeyRef: { name: not-there, key: x, optional: true } }
                  resources:
                    requests: { cpu: 100m, memory: 256Mi }
                    limits: { cpu: "1", memory: 512Mi }
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true }
                  readinessProbe: { httpGet: { path: /health/ready, port: http } }
                  livenessProbe: { httpGet: { path: /health/live, port: http } }
                  volumeMounts:
                    - { name: ca, mountPath: /etc/ca }
              volumes:
                - name: ca
                  secret: { secretName: db-ca }
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: { name: api-config, namespace: city }
        ---
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata: { name: api-secret, namespace: city }
        ---
        apiVersion: rabbitmq.com/v1beta1
        kind: RabbitmqCluster
        metadata: { name: broker, namespace: city }
        ---
        apiVersion: postgresql.cnpg.io/v1
        kind: Cluster
        metadata: { name: db, namespace: city }
        spec:
          bootstrap: { initdb: { secret: { name: api-secret } } }
        ---
        apiVersion: v1
        kind: Service
        metadata: { name: api, namespace: city }
        spec: { selector: { app: api } }
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: { name: api, namespace: city }
        spec: { maxUnavailable: 1, selector: { matchLabels: { app: api } } }
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: { name: api, namespace: city }
        spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }, minReplicas: 2, maxReplicas: 4 }
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: { name: default-deny, namespace: city }
        spec: { podSelector: {}, policyTypes: [Ingress, Egress] }
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: { name: api, namespace: city }
        spec:
          podSelector: { matchLabels: { app: api } }
          policyTypes: [Ingress]
          ingress:
            - from: [ { podSelector: { matchLabels: { app: caller } } } ]
        """;

    [Fact]
    public void A_sound_manifest_meets_every_rule() =>
        Assert.Empty(ManifestRules.Check(ManifestObject.ParseAll(Sound)));

    public static TheoryData<string, string, string, string> Breakages { get; } = new()
    {
        { "readiness on the liveness path", "path: /health/ready", "path: /health/live", ManifestRules.Probes },
        { "no liveness probe", "\n          livenessProbe: { httpGet: { path: /health/live, port: http } }", "", ManifestRules.Probes },
        { "a probe without a port", "path: /health/live, port: http", "path: /health/live", ManifestRules.Probes },
        { "no limits", "\n            limits: { cpu: \"1\", memory: 512Mi }", "", ManifestRules.Resources },
        { "no memory request", "requests: { cpu: 100m, memory: 256Mi }", "requests: { cpu: 100m }", ManifestRules.Resources },
        { "may run as root", "runAsNonRoot: true, ", "", ManifestRules.Security },
        { "runs as root", "runAsUser: 1654", "runAsUser: 0", ManifestRules.Security },
        { "a container overriding runAsNonRoot", "allowPrivilegeEscalation: false,", "runAsNonRoot: false, allowPrivilegeEscalation: false,", ManifestRules.Security },
        { "a writable root filesystem", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", ManifestRules.Security },
        { "privilege escalation allowed", "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true", ManifestRules.Security },
        { "privileged", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: true, privileged: true", ManifestRules.Security },
        { "the tag latest", "api:1.2.3", "api:latest", ManifestRules.Image },
        { "no tag behind a registry port", "pijar-semar/api:1.2.3", "pijar-semar/api", ManifestRules.Image },
        { "a Secret nothing creates", "name: api-secret, key", "name: api-secrets, key", ManifestRules.References },
        { "a ConfigMap nothing creates", "configMapRef: { name: api-config }", "configMapRef: { name: api-settings }", ManifestRules.References },
        { "a volume's Secret nothing creates", "secretName: db-ca", "secretName: db-certificate", ManifestRules.References },
        { "another broker's generated Secret", "name: broker-default-user", "name: queue-default-user", ManifestRules.References },
        { "a database cluster reading a missing Secret", "initdb: { secret: { name: api-secret } }", "initdb: { secret: { name: db-owner } }", ManifestRules.References },
        { "a Service selecting other pods", "spec: { selector: { app: api } }", "spec: { selector: { app: web } }", ManifestRules.Service },
        { "a budget selecting other pods", "selector: { matchLabels: { app: api } } }", "selector: { matchLabels: { app: web } } }", ManifestRules.DisruptionBudget },
        { "an autoscaler for another Deployment", "kind: Deployment, name: api }", "kind: Deployment, name: web }", ManifestRules.Autoscaler },
        { "no default deny", "podSelector: {}, policyTypes: [Ingress, Egress]", "podSelector: { matchLabels: { app: other } }, policyTypes: [Ingress, Egress]", ManifestRules.NetworkPolicy },
        { "no policy of its own", "podSelector: { matchLabels: { app: api } }\n  policyTypes: [Ingress]", "podSelector: { matchLabels: { app: web } }\n  policyTypes: [Ingress]", ManifestRules.NetworkPolicy },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void A_manifest_broken_in_one_way_is_reported_by_that_rule_alone(string breakage, string find, string replaceWith, string rule)
    {
        Assert.True(Sound.Contains(find, StringComparison.Ordinal), $"the sound manifest has no '{find}' to break ({breakage})");
        var broken = Sound.Replace(find, replaceWith, StringComparison.Ordinal);

        var violations = ManifestRules.Check(ManifestObject.ParseAll(broken));

        Assert.NotEmpty(violations);
        Assert.All(violations, violation => Assert.StartsWith(rule + ":", violation, StringComparison.Ordinal));
    }
}
