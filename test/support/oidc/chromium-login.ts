// Drives an authorization URL through the test OIDC server's dev login + consent pages in real
// headless Chromium (playwright-core), and waits until the browser's request to the client's
// redirect_uri got a response, i.e. the client's own callback server received it.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the Chromium smoke test cannot run, or undefined when it can. */
export function chromiumMissingReason(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} not found`;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export async function loginWithChromium(authorizationUrl: string, sub: string, timeoutMs = 15_000): Promise<void> {
  const redirectUri = new URL(authorizationUrl).searchParams.get('redirect_uri');
  if (redirectUri === null) throw new Error('loginWithChromium(): the authorization URL has no redirect_uri');
  const redirect = new URL(redirectUri);
  const isCallback = (url: string): boolean => {
    const u = new URL(url);
    return u.origin === redirect.origin && u.pathname === redirect.pathname;
  };

  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: timeoutMs });
  try {
    const context = await browser.newContext();
    // Loopback only: oidc-provider's dev pages @import a web font, which must not leave the machine.
    await context.route(
      (url) => !LOOPBACK_HOSTS.has(url.hostname),
      (route) => route.abort(),
    );
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);

    const callbackFailed = new Promise<never>((_resolve, reject) => {
      page.on('requestfailed', (request) => {
        if (isCallback(request.url()))
          reject(new Error(`loginWithChromium(): request to the redirect_uri failed: ${request.failure()?.errorText ?? 'unknown'}`));
      });
    });
    callbackFailed.catch(() => {}); // observed below; avoid an unhandled rejection if never awaited
    const callbackAnswered = page.waitForResponse((response) => isCallback(response.url()), { timeout: timeoutMs });

    await page.goto(authorizationUrl);
    await page.locator('input[name="prompt"][value="login"]').waitFor({ state: 'attached' });
    await page.fill('input[name="login"]', sub);
    await page.fill('input[name="password"]', 'any-password');
    await page.click('form button[type="submit"]');

    await page.locator('input[name="prompt"][value="consent"]').waitFor({ state: 'attached' });
    await page.click('form button[type="submit"]');

    await Promise.race([callbackAnswered, callbackFailed]);
  } finally {
    await browser.close();
  }
}
