// A tiny cookie-jar HTTP "browser" for driving server-rendered login, consent and device pages
// over plain fetch: one request per call, redirects are never followed automatically
// (redirect: 'manual'), cookies are kept per path, and HTML forms are parsed just enough to
// resubmit them. Meant for the test OIDC server's own pages only, not for arbitrary HTML.

export interface PageForm {
  id: string | undefined;
  /** Absolute URL the form posts to. */
  action: URL;
  method: string;
  /** Named <input> values (hidden and visible), HTML entities decoded. */
  fields: Record<string, string>;
}

export interface BrowserResponse {
  url: URL;
  status: number;
  /** Absolute redirect target for 3xx responses with a Location header. */
  location: URL | undefined;
  html: string;
}

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

const REQUEST_TIMEOUT_MS = 10_000;

export class CookieBrowser {
  readonly #cookies = new Map<string, StoredCookie>();

  /** Sends one GET (or a form POST when `form` is given) and records any Set-Cookie headers. */
  async send(url: URL | string, form?: Record<string, string>): Promise<BrowserResponse> {
    const target = new URL(url);
    const headers = new Headers({ accept: 'text/html' });
    const cookie = this.#cookieHeader(target);
    if (cookie !== '') headers.set('cookie', cookie);
    const init: RequestInit = { method: 'GET', headers, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) };
    if (form !== undefined) {
      init.method = 'POST';
      headers.set('content-type', 'application/x-www-form-urlencoded');
      init.body = new URLSearchParams(form).toString();
    }
    const response = await fetch(target, init);
    for (const line of response.headers.getSetCookie()) this.#store(line, target);
    const locationHeader = response.headers.get('location');
    const html = await response.text();
    return {
      url: target,
      status: response.status,
      location: response.status >= 300 && response.status < 400 && locationHeader !== null ? new URL(locationHeader, target) : undefined,
      html,
    };
  }

  /** Cookie names currently in the jar (for debugging). */
  cookieNames(): string[] {
    return [...this.#cookies.values()].map((c) => `${c.name}@${c.path}`);
  }

  #cookieHeader(url: URL): string {
    return [...this.#cookies.values()]
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  #store(setCookie: string, url: URL): void {
    const [pair = '', ...attributes] = setCookie.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    let path = url.pathname.slice(0, url.pathname.lastIndexOf('/')) || '/';
    let expired = value === '';
    for (const attribute of attributes) {
      const [key = '', ...rest] = attribute.split('=');
      const attrValue = rest.join('=').trim();
      switch (key.trim().toLowerCase()) {
        case 'path':
          path = attrValue || '/';
          break;
        case 'max-age':
          if (Number(attrValue) <= 0) expired = true;
          break;
        case 'expires':
          if (Date.parse(attrValue) <= Date.now()) expired = true;
          break;
      }
    }
    const key = `${path}\u0000${name}`;
    if (expired) this.#cookies.delete(key);
    else this.#cookies.set(key, { name, value, path });
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_match, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? '';
  });
}

/** Attributes of one start tag's attribute text, e.g. ` name="a" value="b"`. Bare attributes map to ''. */
export function parseAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(/([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    const name = match[1];
    if (name === undefined) continue;
    attributes[name.toLowerCase()] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/** The <form> elements of a page with their named inputs. */
export function parseForms(html: string, pageUrl: URL): PageForm[] {
  const forms: PageForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attributes = parseAttributes(match[1] ?? '');
    const fields: Record<string, string> = {};
    for (const input of (match[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
      const inputAttributes = parseAttributes(input[1] ?? '');
      if (inputAttributes.name !== undefined) fields[inputAttributes.name] = inputAttributes.value ?? '';
    }
    forms.push({
      id: attributes.id,
      action: new URL(attributes.action ?? '', pageUrl),
      method: (attributes.method ?? 'get').toLowerCase(),
      fields,
    });
  }
  return forms;
}

/** Value of the first `name="..."` attribute on the <body> tag, if any. */
export function bodyAttribute(html: string, name: string): string | undefined {
  const body = /<body\b([^>]*)>/i.exec(html);
  return body ? parseAttributes(body[1] ?? '')[name.toLowerCase()] : undefined;
}
