/** Injection token of the loaded CaKeystore. */
export const CA_KEYSTORE = Symbol('CA_KEYSTORE');
