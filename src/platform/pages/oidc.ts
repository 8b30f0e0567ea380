// Login through the login portal (OpenID Connect, authorization code + PKCE) with openid-client. The certificate
// SSN is the ID token's `sub`; name, email and the optional person id `pid` come from its claims.
import * as oidc from 'openid-client';
import type { Caller } from '../requester';
import { callerFromClaims } from '../http/tokens';
import type { LoginState } from './session';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
}

export function createOidcLogin(settings: OidcSettings, publicUrl: string) {
  const redirectUri = new URL('/login/callback', publicUrl).toString();
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    // Plain http only for a portal on this machine (development and tests); anything else must be https.
    const local = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(settings.issuer);
    discovered ??= oidc
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, local ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        discovered = undefined; // try again on the next login
        throw error;
      });
    return discovered;
  };

  return {
    /** Where to send the browser, and what the session must remember for the callback. */
    async start(returnTo: string): Promise<{ url: string; state: LoginState }> {
      const config = await configuration();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid profile email',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.toString(), state: { state, codeVerifier, nonce, returnTo } };
    },

    /** The callback: exchanges the code (PKCE, state and nonce checked) and reads the caller from the ID token. */
    async finish(callbackSearch: string, login: LoginState): Promise<Caller> {
      const config = await configuration();
      const tokens = await oidc.authorizationCodeGrant(config, new URL(`${redirectUri}${callbackSearch}`), {
        pkceCodeVerifier: login.codeVerifier,
        expectedState: login.state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
      const claims: Record<string, unknown> = tokens.claims() ?? {};
      const subject = callerFromClaims(claims);
      if (!subject) throw new Error('the ID token subject is not a 20-digit certificate SSN');
      // Portals that keep profile claims out of the ID token serve them at the userinfo endpoint (same subject).
      if (typeof claims.name === 'string' && claims.name && typeof claims.email === 'string' && claims.email) return subject;
      const caller = callerFromClaims({ ...(await oidc.fetchUserInfo(config, tokens.access_token, subject.certificateSsn)), ...stripEmpty(claims) });
      if (!caller) throw new Error('the userinfo claims cannot be stored');
      return caller;
    },
  };
}

function stripEmpty(claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined && value !== null && value !== ''));
}

export type OidcLogin = ReturnType<typeof createOidcLogin>;
