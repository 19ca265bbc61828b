// Generated with the module beside it.
export declare const templates: Record<string, string | import('@lit/localize').StrResult>;
