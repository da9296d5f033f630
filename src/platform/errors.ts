// Expected, user-fixable failures. A capability declares its codes with English and
// Japanese templates (defineErrors) and throws ExpectedError; graphql/user-errors.ts turns
// them into `userErrors { code message field }`. Anything else is a bug and is masked.
// (Named ExpectedError: it was DomainError, which read as "a mail domain error" here.)

export type Locale = 'en' | 'ja';
export interface MessageTemplate {
  en: string;
  ja: string;
}
/**
 * A parameter already written in both languages (a term such as "address group" /
 * 「アドレスグループ」 from a catalog, or a nested sentence rendered with renderBoth): the
 * message takes the side of its own language, so a Japanese message never embeds English.
 */
export type LocalizedText = MessageTemplate;
export type MessageParams = Record<string, string | number | LocalizedText>;

export class ExpectedError extends Error {
  constructor(
    readonly code: string,
    readonly template: MessageTemplate,
    readonly params: MessageParams = {},
    readonly field?: string,
  ) {
    super(render(template, params, 'en'));
    this.name = 'ExpectedError';
  }

  messageIn(locale: Locale): string {
    return render(this.template, this.params, locale);
  }
}

/** Several problems in one input, reported together (a form shows all of them at once). */
export class ExpectedErrors extends Error {
  constructor(readonly errors: ExpectedError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'ExpectedErrors';
  }
}

export function render(template: MessageTemplate, params: MessageParams, locale: Locale): string {
  // "{{" and "}}" stand for literal braces (GraphQL examples inside messages).
  return template[locale].replace(/\{\{|\}\}|\{(\w+)\}/g, (m, key: string | undefined) => {
    if (key === undefined) return m[0]!;
    if (!(key in params)) return m;
    const value = params[key]!;
    return typeof value === 'object' ? value[locale] : String(value);
  });
}

/** A template rendered in both languages, to pass on as a LocalizedText parameter. */
export function renderBoth(template: MessageTemplate, params: MessageParams): LocalizedText {
  return { en: render(template, params, 'en'), ja: render(template, params, 'ja') };
}

export interface ErrorCatalog<C extends string> {
  readonly templates: Readonly<Record<C, MessageTemplate>>;
  error(code: C, params?: MessageParams, field?: string): ExpectedError;
}

export function defineErrors<C extends string>(templates: Record<C, MessageTemplate>): ErrorCatalog<C> {
  return {
    templates,
    error: (code, params = {}, field) => new ExpectedError(code, templates[code], params, field),
  };
}
