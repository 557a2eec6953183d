/** Injection tokens of the adapter kit (style G8: Symbols, never strings). */
export const AGENCY_DEFINITION = Symbol('AGENCY_DEFINITION');
export const ADAPTER_CONFIG = Symbol('ADAPTER_CONFIG');
export const OFFICER_TOKEN_VERIFIER = Symbol('OFFICER_TOKEN_VERIFIER');
export const LOOKUP_HANDLERS = Symbol('LOOKUP_HANDLERS');
