/**
 * A minimal browser for sign-in tests: fetch with a cookie jar, redirects followed by hand (so a test sees each
 * hop and stops at the app's redirect URI), and form fields read from the served HTML.
 */

/** One HTML form on a page: where it posts and its hidden fields. */
export interface PageForm {
  action: string;
  fields: Record<string, string>;
}

export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  /** One request, no redirect followed; `form` posts urlencoded. Stores the cookies it sets. */
  async request(url: string | URL, form?: Record<string, string>): Promise<Response> {
    const headers = new Headers();
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    if (form) headers.set('content-type', 'application/x-www-form-urlencoded');
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: 'manual',
    });
    for (const cookie of res.headers.getSetCookie()) this.store(cookie);
    return res;
  }

  /**
   * Requests and follows redirects while they stay on `origin`; returns the last response and its URL, or the
   * first redirect target outside `origin` (the app's redirect URI) as `left`.
   */
  async follow(
    url: string | URL,
    origin: string,
    form?: Record<string, string>,
  ): Promise<{ res: Response; url: URL; left?: URL }> {
    let current = new URL(url);
    let res = await this.request(current, form);
    for (let hop = 0; hop < 10; hop += 1) {
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { res, url: current };
      const next = new URL(location, current);
      if (next.origin !== origin) return { res, url: current, left: next };
      current = next;
      res = await this.request(current);
    }
    throw new Error(`too many redirects from ${String(url)}`);
  }

  /** Forgets every cookie (a new browser profile). */
  clear(): void {
    this.cookies.clear();
  }

  private store(setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expires = attributes.find((a) => a.trim().toLowerCase().startsWith('expires='));
    const maxAge = attributes.find((a) => a.trim().toLowerCase().startsWith('max-age='));
    const gone =
      value === '' ||
      (expires && new Date(expires.split('=')[1] ?? '').getTime() <= Date.now()) ||
      (maxAge && Number(maxAge.split('=')[1]) <= 0);
    if (gone) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

const decodeEntities = (value: string): string =>
  value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** The forms of a page, in order, with their hidden inputs (enough for the provider's own simple markup). */
export const formsOf = (html: string): PageForm[] =>
  [...html.matchAll(/<form\b[^>]*\baction="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].map(
    ([, action = '', inner = '']) => ({
      action: decodeEntities(action),
      fields: Object.fromEntries(
        [...inner.matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)].map(([tag]) => [
          decodeEntities(/\bname="([^"]*)"/.exec(tag)?.[1] ?? ''),
          decodeEntities(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? ''),
        ]),
      ),
    }),
  );
