/**
 * The web app's security headers, in one place: CloudFront's response headers policy and the local gateway
 * send the same Content-Security-Policy, so the app is tested locally under the policy it runs under in AWS.
 */

/**
 * A strict CSP: scripts, styles and fonts only from the app's own origin (Vite emits no inline code), fetch only
 * to the app itself and the API, no framing, no plugins. `blob:` is needed to open the report PDF and the CSV.
 */
export const contentSecurityPolicy = (apiOrigin: string): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${apiOrigin ? ` ${apiOrigin}` : ''}`,
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
