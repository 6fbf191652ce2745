import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * The pages of one browser test: each in a fresh profile, signed in through the sign-in form
 * when asked, with every uncaught page error collected so the test can require none.
 */
export class BrowserPages {
  readonly #browser: Browser;
  readonly #base: string;
  readonly #contexts: BrowserContext[] = [];
  #errors: string[] = [];

  constructor(browser: Browser, base: string) {
    this.#browser = browser;
    this.#base = base;
  }

  /** A page in a profile of its own, nobody signed in. */
  async fresh(): Promise<Page> {
    const context = await this.#browser.newContext();
    this.#contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => this.#errors.push(error.message));
    return page;
  }

  /** A fresh page signed in as `email` through the sign-in form (which lands on the assets page). */
  async signedIn(email: string, password: string): Promise<Page> {
    const page = await this.fresh();
    await page.goto(`${this.#base}/signin`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${this.#base}/assets`);
    return page;
  }

  /** Closes every page opened so far; returns the errors they threw. */
  async closeAll(): Promise<string[]> {
    for (const context of this.#contexts.splice(0)) await context.close();
    const errors = this.#errors;
    this.#errors = [];
    return errors;
  }
}
