// Generated with the module beside it.
export declare const templates: Record<string, string | ((values: Record<string, unknown> | unknown[]) => string)>;
