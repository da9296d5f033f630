export function toPg(source: string): string;
export function writePgSchema(from?: string, to?: string): string;
