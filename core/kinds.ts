/**
 * Static knowledge about the kinds the platform's manifests contain: their REST resource name (plural)
 * and scope. The verifier itself asks discovery for both (discovery is the truth for the cluster at
 * hand); this table exists so that the read-only RBAC can be generated without a cluster
 * (see rbac.ts) and so that an unknown kind fails loudly there rather than silently.
 */

export interface KnownKind {
  plural: string;
  namespaced: boolean;
}

/** Keyed by `<group>/<Kind>`; the core group is the empty string. */
export const KNOWN_KINDS: Readonly<Record<string, KnownKind>> = {
  '/Namespace': { plural: 'namespaces', namespaced: false },
  '/ServiceAccount': { plural: 'serviceaccounts', namespaced: true },
  '/Service': { plural: 'services', namespaced: true },
  '/ConfigMap': { plural: 'configmaps', namespaced: true },
  '/Secret': { plural: 'secrets', namespaced: true },
  '/PersistentVolumeClaim': { plural: 'persistentvolumeclaims', namespaced: true },
  'apps/Deployment': { plural: 'deployments', namespaced: true },
  'apps/StatefulSet': { plural: 'statefulsets', namespaced: true },
  'apps/DaemonSet': { plural: 'daemonsets', namespaced: true },
  'batch/Job': { plural: 'jobs', namespaced: true },
  'batch/CronJob': { plural: 'cronjobs', namespaced: true },
  'autoscaling/HorizontalPodAutoscaler': { plural: 'horizontalpodautoscalers', namespaced: true },
  'policy/PodDisruptionBudget': { plural: 'poddisruptionbudgets', namespaced: true },
  'scheduling.k8s.io/PriorityClass': { plural: 'priorityclasses', namespaced: false },
  'networking.k8s.io/NetworkPolicy': { plural: 'networkpolicies', namespaced: true },
  'networking.k8s.io/Ingress': { plural: 'ingresses', namespaced: true },
  'rbac.authorization.k8s.io/ClusterRole': { plural: 'clusterroles', namespaced: false },
  'rbac.authorization.k8s.io/ClusterRoleBinding': { plural: 'clusterrolebindings', namespaced: false },
  'rbac.authorization.k8s.io/Role': { plural: 'roles', namespaced: true },
  'rbac.authorization.k8s.io/RoleBinding': { plural: 'rolebindings', namespaced: true },
  'apiextensions.k8s.io/CustomResourceDefinition': { plural: 'customresourcedefinitions', namespaced: false },
  'cert-manager.io/Certificate': { plural: 'certificates', namespaced: true },
  'cert-manager.io/Issuer': { plural: 'issuers', namespaced: true },
  'cert-manager.io/ClusterIssuer': { plural: 'clusterissuers', namespaced: false },
  'external-secrets.io/ExternalSecret': { plural: 'externalsecrets', namespaced: true },
  'external-secrets.io/SecretStore': { plural: 'secretstores', namespaced: true },
  'external-secrets.io/ClusterSecretStore': { plural: 'clustersecretstores', namespaced: false },
  'gateway.networking.k8s.io/GatewayClass': { plural: 'gatewayclasses', namespaced: false },
  'gateway.networking.k8s.io/Gateway': { plural: 'gateways', namespaced: true },
  'gateway.networking.k8s.io/HTTPRoute': { plural: 'httproutes', namespaced: true },
  'gateway.networking.k8s.io/GRPCRoute': { plural: 'grpcroutes', namespaced: true },
  'gateway.networking.k8s.io/ReferenceGrant': { plural: 'referencegrants', namespaced: true },
  'gateway.envoyproxy.io/BackendTrafficPolicy': { plural: 'backendtrafficpolicies', namespaced: true },
  'gateway.envoyproxy.io/ClientTrafficPolicy': { plural: 'clienttrafficpolicies', namespaced: true },
  'gateway.envoyproxy.io/SecurityPolicy': { plural: 'securitypolicies', namespaced: true },
  'gateway.envoyproxy.io/EnvoyProxy': { plural: 'envoyproxies', namespaced: true },
  'monitoring.coreos.com/PodMonitor': { plural: 'podmonitors', namespaced: true },
  'monitoring.coreos.com/ServiceMonitor': { plural: 'servicemonitors', namespaced: true },
  'monitoring.coreos.com/PrometheusRule': { plural: 'prometheusrules', namespaced: true },
  'monitoring.coreos.com/AlertmanagerConfig': { plural: 'alertmanagerconfigs', namespaced: true },
  'keda.sh/ScaledObject': { plural: 'scaledobjects', namespaced: true },
  'keda.sh/TriggerAuthentication': { plural: 'triggerauthentications', namespaced: true },
  'keda.sh/ClusterTriggerAuthentication': { plural: 'clustertriggerauthentications', namespaced: false },
  'argoproj.io/Application': { plural: 'applications', namespaced: true },
  'argoproj.io/AppProject': { plural: 'appprojects', namespaced: true },
  'argoproj.io/Rollout': { plural: 'rollouts', namespaced: true },
  'argoproj.io/AnalysisTemplate': { plural: 'analysistemplates', namespaced: true },
  // Crossplane packages and v2 namespaced managed resources (the cloud estate, charts/infra), k6-operator,
  // prometheus-operator's Probe: generated from the vendored CRDs' names and scope.
  'aws.m.upbound.io/ProviderConfig': { plural: 'providerconfigs', namespaced: true },
  'budgets.aws.m.upbound.io/Budget': { plural: 'budgets', namespaced: true },
  'cloudfront.aws.m.upbound.io/Distribution': { plural: 'distributions', namespaced: true },
  'cloudwatchlogs.aws.m.upbound.io/Group': { plural: 'groups', namespaced: true },
  'container.digitalocean.m.crossplane.io/Registry': { plural: 'registries', namespaced: true },
  'database.digitalocean.m.crossplane.io/Cluster': { plural: 'clusters', namespaced: true },
  'database.digitalocean.m.crossplane.io/ConnectionPool': { plural: 'connectionpools', namespaced: true },
  'database.digitalocean.m.crossplane.io/DB': { plural: 'dbs', namespaced: true },
  'database.digitalocean.m.crossplane.io/Firewall': { plural: 'firewalls', namespaced: true },
  'database.digitalocean.m.crossplane.io/KafkaTopic': { plural: 'kafkatopics', namespaced: true },
  'database.digitalocean.m.crossplane.io/LogSinkOpenSearch': { plural: 'logsinkopensearches', namespaced: true },
  'database.digitalocean.m.crossplane.io/PostgreSQLConfig': { plural: 'postgresqlconfigs', namespaced: true },
  'database.digitalocean.m.crossplane.io/Replica': { plural: 'replicas', namespaced: true },
  'database.digitalocean.m.crossplane.io/User': { plural: 'users', namespaced: true },
  'database.digitalocean.m.crossplane.io/ValkeyConfig': { plural: 'valkeyconfigs', namespaced: true },
  'digitalocean.m.crossplane.io/ProviderConfig': { plural: 'providerconfigs', namespaced: true },
  'dns.digitalocean.m.crossplane.io/Record': { plural: 'records', namespaced: true },
  'ec2.aws.m.upbound.io/EIP': { plural: 'eips', namespaced: true },
  'ec2.aws.m.upbound.io/InternetGateway': { plural: 'internetgateways', namespaced: true },
  'ec2.aws.m.upbound.io/NATGateway': { plural: 'natgateways', namespaced: true },
  'ec2.aws.m.upbound.io/Route': { plural: 'routes', namespaced: true },
  'ec2.aws.m.upbound.io/RouteTableAssociation': { plural: 'routetableassociations', namespaced: true },
  'ec2.aws.m.upbound.io/RouteTable': { plural: 'routetables', namespaced: true },
  'ec2.aws.m.upbound.io/SecurityGroupEgressRule': { plural: 'securitygroupegressrules', namespaced: true },
  'ec2.aws.m.upbound.io/SecurityGroupIngressRule': { plural: 'securitygroupingressrules', namespaced: true },
  'ec2.aws.m.upbound.io/SecurityGroup': { plural: 'securitygroups', namespaced: true },
  'ec2.aws.m.upbound.io/Subnet': { plural: 'subnets', namespaced: true },
  'ec2.aws.m.upbound.io/VPCEndpoint': { plural: 'vpcendpoints', namespaced: true },
  'ec2.aws.m.upbound.io/VPCEndpointRouteTableAssociation': { plural: 'vpcendpointroutetableassociations', namespaced: true },
  'ec2.aws.m.upbound.io/VPCEndpointSubnetAssociation': { plural: 'vpcendpointsubnetassociations', namespaced: true },
  'ec2.aws.m.upbound.io/VPCEndpointSecurityGroupAssociation': { plural: 'vpcendpointsecuritygroupassociations', namespaced: true },
  'ec2.aws.m.upbound.io/VPC': { plural: 'vpcs', namespaced: true },
  'ecr.aws.m.upbound.io/LifecyclePolicy': { plural: 'lifecyclepolicies', namespaced: true },
  'ecr.aws.m.upbound.io/RegistryScanningConfiguration': { plural: 'registryscanningconfigurations', namespaced: true },
  'ecr.aws.m.upbound.io/Repository': { plural: 'repositories', namespaced: true },
  'eks.aws.m.upbound.io/AccessEntry': { plural: 'accessentries', namespaced: true },
  'eks.aws.m.upbound.io/Addon': { plural: 'addons', namespaced: true },
  'eks.aws.m.upbound.io/Cluster': { plural: 'clusters', namespaced: true },
  'eks.aws.m.upbound.io/NodeGroup': { plural: 'nodegroups', namespaced: true },
  'eks.aws.m.upbound.io/PodIdentityAssociation': { plural: 'podidentityassociations', namespaced: true },
  'elasticache.aws.m.upbound.io/ReplicationGroup': { plural: 'replicationgroups', namespaced: true },
  'elasticache.aws.m.upbound.io/SubnetGroup': { plural: 'subnetgroups', namespaced: true },
  'iam.aws.m.upbound.io/Policy': { plural: 'policies', namespaced: true },
  'iam.aws.m.upbound.io/RolePolicyAttachment': { plural: 'rolepolicyattachments', namespaced: true },
  'iam.aws.m.upbound.io/Role': { plural: 'roles', namespaced: true },
  'k6.io/TestRun': { plural: 'testruns', namespaced: true },
  'kafka.aws.m.upbound.io/Cluster': { plural: 'clusters', namespaced: true },
  'kafka.aws.m.upbound.io/Configuration': { plural: 'configurations', namespaced: true },
  'kms.aws.m.upbound.io/Key': { plural: 'keys', namespaced: true },
  'kubernetes.digitalocean.m.crossplane.io/Cluster': { plural: 'clusters', namespaced: true },
  'kubernetes.digitalocean.m.crossplane.io/NodePool': { plural: 'nodepools', namespaced: true },
  'monitor.digitalocean.m.crossplane.io/Alert': { plural: 'alerts', namespaced: true },
  'monitoring.coreos.com/Probe': { plural: 'probes', namespaced: true },
  'networking.digitalocean.m.crossplane.io/Certificate': { plural: 'certificates', namespaced: true },
  'pkg.crossplane.io/DeploymentRuntimeConfig': { plural: 'deploymentruntimeconfigs', namespaced: false },
  'pkg.crossplane.io/Provider': { plural: 'providers', namespaced: false },
  'project.digitalocean.m.crossplane.io/Project': { plural: 'projects', namespaced: true },
  'rds.aws.m.upbound.io/DBInstanceAutomatedBackupsReplication': { plural: 'dbinstanceautomatedbackupsreplications', namespaced: true },
  'rds.aws.m.upbound.io/Instance': { plural: 'instances', namespaced: true },
  'rds.aws.m.upbound.io/ParameterGroup': { plural: 'parametergroups', namespaced: true },
  'rds.aws.m.upbound.io/SubnetGroup': { plural: 'subnetgroups', namespaced: true },
  'route53.aws.m.upbound.io/HealthCheck': { plural: 'healthchecks', namespaced: true },
  'route53.aws.m.upbound.io/Record': { plural: 'records', namespaced: true },
  's3.aws.m.upbound.io/BucketLifecycleConfiguration': { plural: 'bucketlifecycleconfigurations', namespaced: true },
  's3.aws.m.upbound.io/BucketPublicAccessBlock': { plural: 'bucketpublicaccessblocks', namespaced: true },
  's3.aws.m.upbound.io/Bucket': { plural: 'buckets', namespaced: true },
  's3.aws.m.upbound.io/BucketServerSideEncryptionConfiguration': { plural: 'bucketserversideencryptionconfigurations', namespaced: true },
  's3.aws.m.upbound.io/BucketVersioning': { plural: 'bucketversionings', namespaced: true },
  'spaces.digitalocean.m.crossplane.io/Bucket': { plural: 'buckets', namespaced: true },
  'spaces.digitalocean.m.crossplane.io/Cdn': { plural: 'cdns', namespaced: true },
  'uptime.digitalocean.m.crossplane.io/Alert': { plural: 'alerts', namespaced: true },
  'uptime.digitalocean.m.crossplane.io/Check': { plural: 'checks', namespaced: true },
  'vpc.digitalocean.m.crossplane.io/VPC': { plural: 'vpcs', namespaced: true },
  'wafv2.aws.m.upbound.io/WebACL': { plural: 'webacls', namespaced: true },
};

/** API groups that Kubernetes itself serves; everything else is a custom resource (served by a CRD). */
const BUILT_IN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io',
  'apiextensions.k8s.io', 'storage.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'scheduling.k8s.io',
  'admissionregistration.k8s.io', 'apiregistration.k8s.io', 'certificates.k8s.io', 'node.k8s.io', 'events.k8s.io',
]);

export function isBuiltInGroup(group: string): boolean {
  return BUILT_IN_GROUPS.has(group);
}

/** `apps/v1` → { group: 'apps', version: 'v1' }; `v1` → core group. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}


export function knownKind(group: string, kind: string): KnownKind | undefined {
  return KNOWN_KINDS[`${group}/${kind}`];
}
