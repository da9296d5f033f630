// Expected, user-fixable failures. A capability declares its codes with English and
// Japanese templates (defineErrors) and throws DomainError; graphql/user-errors.ts turns
// them into `userErrors { code message field }`. Anything else is a bug and is masked.

export type Locale = 'en' | 'ja';
export type MessageParams = Record<string, string | number>;
export interface MessageTemplate {
  en: string;
  ja: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly template: MessageTemplate,
    readonly params: MessageParams = {},
    readonly field?: string,
  ) {
    super(render(template, params, 'en'));
    this.name = 'DomainError';
  }

  messageIn(locale: Locale): string {
    return render(this.template, this.params, locale);
  }
}

/** Several problems in one input, reported together (a form shows all of them at once). */
export class DomainErrors extends Error {
  constructor(readonly errors: DomainError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'DomainErrors';
  }
}

export function render(template: MessageTemplate, params: MessageParams, locale: Locale): string {
  // "{{" and "}}" stand for literal braces (GraphQL examples inside messages).
  return template[locale].replace(/\{\{|\}\}|\{(\w+)\}/g, (m, key: string | undefined) => {
    if (key === undefined) return m[0]!;
    return key in params ? String(params[key]) : m;
  });
}

export interface ErrorCatalog<C extends string> {
  readonly templates: Readonly<Record<C, MessageTemplate>>;
  error(code: C, params?: MessageParams, field?: string): DomainError;
}

export function defineErrors<C extends string>(templates: Record<C, MessageTemplate>): ErrorCatalog<C> {
  return {
    templates,
    error: (code, params = {}, field) => new DomainError(code, templates[code], params, field),
  };
}
