import type { Category } from './categorize.ts'
import { categoryTable } from './categorize.ts'

/**
 * Security event code → ECS categorisation, as the `system` integration's Security pipeline sets
 * it. 4627, 4662 and the codes from 4658 to 4695, 4704, 4705, 4793, 4797, 4800 to 4803, 5058 to 5061, 5136,
 * 5142, 5152, 5156 to 5158, 5379 to 5382 and 6416 come from newer pipeline versions (seen in their test
 * expectations).
 */
export const SECURITY_CATEGORIES: ReadonlyMap<string, Category> = categoryTable({
  '1100': ['process', 'end', 'logging-service-shutdown'],
  '1102': ['iam', 'admin,change', 'audit-log-cleared'],
  '1104': ['iam', 'admin', 'logging-full'],
  '1105': ['iam', 'admin', 'auditlog-archieved'],
  '1108': ['iam', 'admin', 'logging-processing-error'],
  '4610': ['configuration', 'access', 'authentication-package-loaded'],
  '4611': ['configuration', 'change', 'trusted-logon-process-registered'],
  '4614': ['configuration', 'access', 'notification-package-loaded'],
  '4616': ['configuration', 'change', 'system-time-changed'],
  '4622': ['configuration', 'access', 'security-package-loaded'],
  '4624': ['authentication', 'start', 'logged-in'],
  '4625': ['authentication', 'start', 'logon-failed'],
  '4627': ['iam', 'info', 'group-membership-info'],
  '4634': ['authentication', 'end', 'logged-out'],
  '4647': ['authentication', 'end', 'logged-out'],
  '4648': ['authentication', 'start', 'logged-in-explicit'],
  '4657': ['registry,configuration', 'change', 'registry-value-modified'],
  '4658': ['iam,configuration', 'change', 'handle-closed-object'],
  '4659': ['iam,configuration', 'change', 'object-was-requested-with-intent-to-delete'],
  '4660': ['file,registry', 'deletion', 'object-deleted'],
  '4662': ['iam,configuration', 'admin,change', 'object-operation-performed'],
  '4664': ['file', 'creation', 'create-hard-link'],
  '4670': ['iam,configuration', 'admin,change', 'permissions-changed'],
  '4672': ['iam', 'admin', 'logged-in-special'],
  '4673': ['iam', 'admin', 'privileged-service-called'],
  '4674': ['iam', 'admin', 'privileged-operation'],
  '4675': ['authentication', 'info', 'sids-filtered'],
  '4688': ['process', 'start', 'created-process'],
  '4689': ['process', 'end', 'exited-process'],
  '4690': ['process', 'access', 'duplicate-handle-attempt'],
  '4691': ['process', 'access', 'indirect-object-access-requested'],
  '4692': ['configuration', 'access', 'dpapi-master-key-backup-attempted'],
  '4695': ['configuration', 'access', 'auditable-data-unprotection-attempted'],
  '4697': ['iam,configuration', 'admin,change', 'service-installed'],
  '4698': ['iam,configuration', 'creation,admin', 'scheduled-task-created'],
  '4699': ['iam,configuration', 'deletion,admin', 'scheduled-task-deleted'],
  '4700': ['iam,configuration', 'change,admin', 'scheduled-task-enabled'],
  '4701': ['iam,configuration', 'change,admin', 'scheduled-task-disabled'],
  '4702': ['iam,configuration', 'change,admin', 'scheduled-task-updated'],
  '4704': ['iam', 'change,user', 'user-right-assigned'],
  '4705': ['iam', 'change,user', 'user-right-removed'],
  '4706': ['configuration', 'creation', 'domain-trust-added'],
  '4707': ['configuration', 'deletion', 'domain-trust-removed'],
  '4713': ['configuration', 'change', 'kerberos-policy-changed'],
  '4714': ['configuration', 'change', 'encrypted-data-recovery-policy-changed'],
  '4715': ['configuration', 'change', 'object-audit-policy-changed'],
  '4716': ['configuration', 'change', 'trusted-domain-information-changed'],
  '4717': ['iam,configuration', 'admin,change', 'system-security-access-granted'],
  '4718': ['iam,configuration', 'admin,deletion', 'system-security-access-removed'],
  '4719': ['iam,configuration', 'admin,change', 'changed-audit-config'],
  '4720': ['iam', 'user,creation', 'added-user-account'],
  '4722': ['iam', 'user,change', 'enabled-user-account'],
  '4723': ['iam', 'user,change', 'changed-password'],
  '4724': ['iam', 'user,change', 'reset-password'],
  '4725': ['iam', 'user,deletion', 'disabled-user-account'],
  '4726': ['iam', 'user,deletion', 'deleted-user-account'],
  '4727': ['iam', 'group,creation', 'added-group-account'],
  '4728': ['iam', 'group,change', 'added-member-to-group'],
  '4729': ['iam', 'group,change', 'removed-member-from-group'],
  '4730': ['iam', 'group,deletion', 'deleted-group-account'],
  '4731': ['iam', 'group,creation', 'added-group-account'],
  '4732': ['iam', 'group,change', 'added-member-to-group'],
  '4733': ['iam', 'group,change', 'removed-member-from-group'],
  '4734': ['iam', 'group,deletion', 'deleted-group-account'],
  '4735': ['iam', 'group,change', 'modified-group-account'],
  '4737': ['iam', 'group,change', 'modified-group-account'],
  '4738': ['iam', 'user,change', 'modified-user-account'],
  '4739': ['configuration', 'change', 'domain-policy-changed'],
  '4740': ['iam', 'user,change', 'locked-out-user-account'],
  '4741': ['iam', 'creation,admin', 'added-computer-account'],
  '4742': ['iam', 'change,admin', 'changed-computer-account'],
  '4743': ['iam', 'deletion,admin', 'deleted-computer-account'],
  '4744': ['iam', 'group,creation', 'added-distribution-group-account'],
  '4745': ['iam', 'group,change', 'changed-distribution-group-account'],
  '4746': ['iam', 'group,change', 'added-member-to-distribution-group'],
  '4747': ['iam', 'group,change', 'removed-member-from-distribution-group'],
  '4748': ['iam', 'group,deletion', 'deleted-distribution-group-account'],
  '4749': ['iam', 'group,creation', 'added-distribution-group-account'],
  '4750': ['iam', 'group,change', 'changed-distribution-group-account'],
  '4751': ['iam', 'group,change', 'added-member-to-distribution-group'],
  '4752': ['iam', 'group,change', 'removed-member-from-distribution-group'],
  '4753': ['iam', 'group,deletion', 'deleted-distribution-group-account'],
  '4754': ['iam', 'group,creation', 'added-group-account'],
  '4755': ['iam', 'group,change', 'modified-group-account'],
  '4756': ['iam', 'group,change', 'added-member-to-group'],
  '4757': ['iam', 'group,change', 'removed-member-from-group'],
  '4758': ['iam', 'group,deletion', 'deleted-group-account'],
  '4759': ['iam', 'group,creation', 'added-distribution-group-account'],
  '4760': ['iam', 'group,change', 'changed-distribution-group-account'],
  '4761': ['iam', 'group,change', 'added-member-to-distribution-group'],
  '4762': ['iam', 'group,change', 'removed-member-from-distribution-group'],
  '4763': ['iam', 'group,deletion', 'deleted-distribution-group-account'],
  '4764': ['iam', 'group,change', 'type-changed-group-account'],
  '4767': ['iam', 'user,change', 'unlocked-user-account'],
  '4768': ['authentication', 'start', 'kerberos-authentication-ticket-requested'],
  '4769': ['authentication', 'start', 'kerberos-service-ticket-requested'],
  '4770': ['authentication', 'start', 'kerberos-service-ticket-renewed'],
  '4771': ['authentication', 'start', 'kerberos-preauth-failed'],
  '4776': ['authentication', 'start', 'credential-validated'],
  '4778': ['authentication,session', 'start', 'session-reconnected'],
  '4779': ['authentication,session', 'end', 'session-disconnected'],
  '4781': ['iam', 'user,change', 'renamed-user-account'],
  '4793': ['api', 'info', 'password-policy-checking-api-called'],
  '4797': ['iam', 'user,info', 'query-existence-of-blank-password'],
  '4798': ['iam', 'user,info', 'group-membership-enumerated'],
  '4799': ['iam', 'group,info', 'user-member-enumerated'],
  '4800': ['authentication', 'info', 'workstation-locked'],
  '4801': ['authentication', 'info', 'workstation-unlocked'],
  '4802': ['process,session', 'info', 'screen-saver-invoked'],
  '4803': ['process,session', 'info', 'screen-saver-dismissed'],
  '4817': ['iam,configuration', 'admin,change', 'object-audit-changed'],
  '4902': ['iam,configuration', 'admin,creation', 'user-audit-policy-created'],
  '4904': ['iam,configuration', 'admin,change', 'security-event-source-added'],
  '4905': ['iam,configuration', 'admin,deletion', 'security-event-source-removed'],
  '4906': ['iam,configuration', 'admin,change', 'crash-on-audit-changed'],
  '4907': ['iam,configuration', 'admin,change', 'audit-setting-changed'],
  '4908': ['iam,configuration', 'admin,change', 'special-group-table-changed'],
  '4912': ['iam,configuration', 'admin,change', 'per-user-audit-policy-changed'],
  '4950': ['configuration', 'change', 'windows-firewall-setting-changed'],
  '4954': ['configuration', 'change', 'windows-firewall-group-policy-changed'],
  '4964': ['iam', 'admin,group', 'logged-in-special'],
  '5024': ['process', 'start', 'windows-firewall-service-started'],
  '5025': ['process', 'end', 'windows-firewall-service-stopped'],
  '5033': ['driver', 'start', 'windows-firewall-driver-started'],
  '5034': ['driver', 'end', 'windows-firewall-driver-stopped'],
  '5037': ['driver', 'end', 'windows-firewall-driver-error'],
  '5058': ['file', 'change', 'key-file-operation'],
  '5059': ['file', 'change', 'key-migration-operation'],
  '5061': ['file', 'access', 'cryptographic-operation'],
  '5136': ['iam,configuration', 'admin,change', 'directory-service-object-modified'],
  '5140': ['network,file', 'info,access', 'network-share-object-accessed'],
  '5142': ['network,file', 'info,creation', 'network-share-object-added'],
  '5145': ['network,file', 'info,access', 'network-share-object-access-checked'],
  '5152': ['network', 'connection,info,denied', 'windows-firewall-packet-drop'],
  '5156': ['network', 'connection,info,allowed', 'windows-firewall-connection'],
  '5157': ['network', 'connection,info,denied', 'windows-firewall-packet-block'],
  '5158': ['network', 'info', 'windows-firewall-bind-local-port'],
  '5379': ['iam', 'user,info', 'credential-manager-credentials-were-read'],
  '5380': ['iam', 'user,info', 'vault-credential-find'],
  '5381': ['iam', 'user,info', 'vault-credentials-were-read'],
  '5382': ['iam', 'user,info', 'vault-credentials-were-read'],
  '6416': ['process', 'info', 'new-external-device-recognized-by-system'],
})

function codes(...list: string[]): ReadonlySet<string> {
  return new Set(list)
}

function range(from: number, to: number): string[] {
  const out: string[] = []
  for (let code = from; code <= to; code++) out.push(String(code))

  return out
}

/** Codes whose Target* fields fill `user.*` (or `user.target.*` when user is already set). */
export const TARGET_USER_CODES = codes(
  ...['4624', '4625', '4627', '4634', '4647', '4648', '4768', '4769', '4770', '4771', '4776'],
  ...['4675', '4793', '4800', '4801', '4802', '4803', '4964'],
)

/** Group-management codes: MemberName → `user.target`, Target* → `group.*`. */
export const GROUP_CODES = codes(
  ...range(4727, 4735),
  ...['4737', ...range(4744, 4764), '4799', '4627', '4675', '4793'],
)

/** Computer-account codes: Target* → `winlog.computerObject`. */
export const COMPUTER_CODES = codes('4675', '4741', '4742', '4743', '4793')

/** Codes whose `TargetLogonId` is the logon id. */
export const TARGET_LOGON_CODES = codes('4634', '4647', '4800', '4801', '4802', '4803', '4964')

/** Codes whose Subject* fields fill `user.*`. */
export const SUBJECT_USER_CODES = codes(
  ...['4627', '4657', '4662', '4670', '4672', '4673', '4674', '4688', '4689', '4697'],
  ...range(4698, 4702),
  ...['4706', '4707', '4713'],
  ...range(4716, 4720),
  ...range(4722, 4735),
  ...range(4737, 4764),
  ...['4767', '4781', '4798', '4799', '4817', '4904', '4905', '4907', '4912', '4648', '5140'],
  ...['4658', '4659', '4660', '4664', '4690', '4691', '4692', '4695', '4704', '4705', '5058'],
  ...[
    '5059',
    '5061',
    '5136',
    '5142',
    '5145',
    '5379',
    '5380',
    '5381',
    '5382',
    '6416',
    '4793',
    '4797',
  ],
)

/** Codes whose Target* fields fill `user.target.*`. */
export const TARGET_TO_TARGET_CODES = codes(
  ...['4627', '4670', '4720', '4722', '4723', '4724', '4725', '4726', '4738', '4740', '4767'],
  ...[
    '4798',
    '4817',
    '4907',
    '4675',
    '4704',
    '4705',
    '4793',
    '4797',
    '4800',
    '4801',
    '4802',
    '4803',
  ],
)

/** Codes whose Target* fields fill `user.effective.*`. */
export const TARGET_TO_EFFECTIVE_CODES = codes(
  ...['4627', '4648', '4688', '4675', '4793', '4800', '4801', '4802', '4803'],
)

/** Codes whose ProcessId/ProcessName/IpAddress/IpPort/WorkstationName move to ECS. */
export const COMMON_AUTH_CODES = codes(
  ...['1100', '1102', '1104', '1105', '1108', '4624', '4648', '4625', '4670', '4673', '4674'],
  ...['4689', '4697', '4719', '4720', ...range(4722, 4735), '4737', '4738', '4740'],
  ...range(4741, 4764),
  ...['4767', '4768', '4769', '4770', '4771', '4798', '4799', '4817', '4904', '4905', '4907'],
  ...['4912', '5140', '5145', '4658', '4659', '4660', '4691'],
)

/** Codes whose TargetUserName is also a related user. */
export const TARGET_RELATED_CODES = codes(
  ...['4688', '4720', '4722', '4723', '4724', '4725', '4726', '4738', '4740', '4767', '4797'],
  '4798',
)

/** Codes whose PrivilegeList is split into an array. */
export const PRIVILEGE_LIST_CODES = codes(
  ...['4672', '4673', '4674', '4704', '4705', '4741', '4742', '4743'],
)

/** Kerberos codes whose Status gets a description. */
export const KERBEROS_CODES = codes('4768', '4769', '4770', '4771', '4793')
