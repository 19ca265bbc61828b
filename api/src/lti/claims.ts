// What an LTI 1.3 launch says, read into the tool's terms: the claims of the IMS specification, and how a
// launch's user, course and role become the identity of SPEC section 3.
import { z } from 'zod';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';

export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  launchPresentation: `${LTI}launch_presentation`,
  deepLinkingSettings: `${DL}deep_linking_settings`,
  contentItems: `${DL}content_items`,
  data: `${DL}data`,
} as const;

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

/**
 * LIS v2 roles that make an educator: instructors, teaching assistants, course and institution administrators. Context
 * roles may also come by their simple names, which LTI 1.3 still allows and Moodle's roster (NRPS) sends.
 */
const EDUCATOR_ROLES = new Set([
  `${LIS}membership#Instructor`,
  `${LIS}membership/Instructor#TeachingAssistant`,
  `${LIS}membership#Administrator`,
  `${LIS}institution/person#Administrator`,
  'Instructor',
  'Administrator',
]);
const STUDENT_ROLES = new Set([`${LIS}membership#Learner`, 'Learner']);

/** The role a launch's LIS roles give in the course: educator before student; none for anyone else. */
export function roleOf(roles: readonly string[]): 'educator' | 'student' | undefined {
  if (roles.some((role) => EDUCATOR_ROLES.has(role))) return 'educator';
  if (roles.some((role) => STUDENT_ROLES.has(role))) return 'student';
  return undefined;
}

/** The launch message's claims the tool reads, once its signature and origin are verified. */
// Ids stay within the identity's 128 characters once prefixed with the platform's id; names and titles are cut
// to the identity's 200.
const text200 = z.string().transform((text) => text.slice(0, 200));

export const LaunchClaims = z.object({
  sub: z.string().min(1).max(100),
  name: text200.optional(),
  // How to reach the user (SPEC §14): read leniently where they are kept, so a malformed one never fails a launch.
  email: z.unknown().optional(),
  zoneinfo: z.unknown().optional(),
  // The roster's and the gradebook's service claims (SPEC §15), read leniently where they are recorded (services.ts).
  'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': z.unknown().optional(),
  'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': z.unknown().optional(),
  [CLAIM.messageType]: z.enum(['LtiResourceLinkRequest', 'LtiDeepLinkingRequest']),
  [CLAIM.version]: z.literal('1.3.0'),
  [CLAIM.deploymentId]: z.string().min(1).max(255),
  [CLAIM.roles]: z.array(z.string()),
  [CLAIM.context]: z.object({ id: z.string().min(1).max(100), title: text200.optional() }),
  [CLAIM.resourceLink]: z.object({ id: z.string().min(1) }).optional(),
  [CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
  [CLAIM.launchPresentation]: z.object({ locale: z.string().optional(), return_url: z.string().optional() }).optional(),
  [CLAIM.deepLinkingSettings]: z
    .object({ deep_link_return_url: z.url(), data: z.string().optional(), accept_types: z.array(z.string()).optional() })
    .optional(),
});
export type LaunchClaims = z.infer<typeof LaunchClaims>;

/** A BCP 47 tag for `<html lang>` from the platform's locale (`en_US` → `en-US`); English when it gives none. */
export function pageLocale(locale: string | undefined): string {
  const tag = (locale ?? '').replace(/_/g, '-');
  return /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag) ? tag : 'en';
}
