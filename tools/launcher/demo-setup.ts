/**
 * The demo bus the launcher sets up on a fresh data folder: the four agency registries, the
 * merit registry joined by configuration (NCC), the audit service, the look-up catalog and the access rights between them. Purpose codes are the
 * procedures each right serves; `1.011537` is the national code of the interconnected death
 * procedure (khai tử liên thông), the others are demo codes of this bus.
 */
export interface DemoApp {
  readonly app: string;
  readonly member: string;
  readonly subsystem: string;
  readonly name: string;
  readonly organId?: string;
  readonly port: number;
}

export const TRUST_PORT = 7100;
/** The console (web) and the local identity provider. */
export const CONSOLE_PORT = 7110;
export const IDENTITY_PORT = 7111;

export const AGENCY_APPS: readonly DemoApp[] = [
  {
    app: 'population',
    member: 'POP',
    subsystem: 'registry',
    name: 'Cơ sở dữ liệu quốc gia về dân cư',
    organId: '000.00.00.B05',
    port: 7101,
  },
  {
    app: 'business-registry',
    member: 'BIZ',
    subsystem: 'registry',
    name: 'Hệ thống thông tin quốc gia về đăng ký doanh nghiệp',
    organId: '000.00.00.B06',
    port: 7102,
  },
  {
    app: 'civil-status',
    member: 'CIV',
    subsystem: 'registry',
    name: 'Cơ sở dữ liệu hộ tịch điện tử',
    organId: '000.00.00.B07',
    port: 7103,
  },
  {
    app: 'insurance',
    member: 'INS',
    subsystem: 'registry',
    name: 'Cơ sở dữ liệu bảo hiểm xã hội',
    organId: '000.00.00.B08',
    port: 7104,
  },
  {
    // joined by configuration: the configured adapter in front of the legacy merit registry
    app: 'configured-adapter',
    member: 'NCC',
    subsystem: 'registry',
    name: 'Cơ sở dữ liệu người có công',
    organId: '000.00.00.B09',
    port: 7106,
  },
];

/** The legacy merit registry (legacy/merit-registry), the NCC adapter's back end. */
export const MERIT_LEGACY_PORT = 7107;

/** CIV's X-Road REST edge (mutual TLS), for the client system below. */
export const CIV_XROAD_PORT = 7108;

/** A client system of CIV that calls the bus over the X-Road edge with a certificate of its own. */
export const DEMO_CLIENT_SYSTEM = {
  member: 'CIV',
  subsystem: 'hotich',
  name: 'Phần mềm đăng ký, quản lý hộ tịch điện tử',
} as const;

export const AUDIT_APP: DemoApp = {
  app: 'audit',
  member: 'AUDIT',
  subsystem: 'log',
  name: 'Lienthong audit log',
  port: 7105,
};

export interface DemoService {
  readonly code: string;
  readonly provider: string;
  readonly title: string;
  readonly requestType: string;
  readonly responseType: string;
}

const urn = (domain: string, name: string) => `urn:lienthong:${domain}:${name}:1`;

export const DEMO_SERVICES: readonly DemoService[] = [
  {
    code: 'citizen-by-id',
    provider: 'POP',
    title: 'Citizen record by personal identification number',
    requestType: urn('population', 'citizen-by-id-request'),
    responseType: urn('population', 'citizen-by-id-response'),
  },
  {
    code: 'enterprise-by-code',
    provider: 'BIZ',
    title: 'Enterprise by enterprise code',
    requestType: urn('business-registry', 'enterprise-by-code-request'),
    responseType: urn('business-registry', 'enterprise-by-code-response'),
  },
  {
    code: 'civil-events-by-person',
    provider: 'CIV',
    title: 'Birth, death and marriage registrations of a person',
    requestType: urn('civil-status', 'events-by-person-request'),
    responseType: urn('civil-status', 'events-by-person-response'),
  },
  {
    code: 'insurance-by-person',
    provider: 'INS',
    title: 'Social and health insurance status of a person',
    requestType: urn('insurance', 'insurance-by-person-request'),
    responseType: urn('insurance', 'insurance-by-person-response'),
  },
  {
    code: 'merit-status-by-person',
    provider: 'NCC',
    title: 'Meritorious service (war invalid) status of a person',
    requestType: urn('merit', 'merit-status-by-person-request'),
    responseType: urn('merit', 'merit-status-by-person-response'),
  },
];

/** Demo procedure codes (purposes). */
export const PROCEDURES = {
  birth: 'KHAI-SINH-LT',
  death: '1.011537',
  childCard: 'BHYT-TE',
  funeral: 'TRO-CAP-MAI-TANG',
  enterprise: 'DKDN',
  employer: 'BHXH-DON-VI',
} as const;

/**
 * Legal bases of the demo rights: a stable code (what a request's `purpose.legalBasis` carries)
 * and the citation of the text (docs/protocol.md, "Legal bases").
 */
export const LEGAL_BASES = {
  interconnection: { code: 'nd-63-2024', citation: 'Nghị định 63/2024/NĐ-CP' },
  civilStatus: { code: 'luat-ho-tich-2014', citation: 'Luật Hộ tịch số 60/2014/QH13' },
  residence: { code: 'luat-cu-tru-2020', citation: 'Luật Cư trú số 68/2020/QH14' },
  identity: { code: 'luat-can-cuoc-2023', citation: 'Luật Căn cước số 26/2023/QH15' },
  healthInsurance: { code: 'luat-bhyt-2008', citation: 'Luật Bảo hiểm y tế số 25/2008/QH12' },
  socialInsurance: { code: 'luat-bhxh-2024', citation: 'Luật Bảo hiểm xã hội số 41/2024/QH15' },
  enterprise: { code: 'luat-doanh-nghiep-2020', citation: 'Luật Doanh nghiệp số 59/2020/QH14' },
} as const;

/** A legal basis a right allows for a purpose. */
export interface DemoLegalBasis {
  readonly code: string;
  readonly citation: string;
}

/**
 * The legal bases each demo procedure may cite: NĐ 63/2024 for the two groups of interconnected
 * procedures, with the sectoral law of the data asked for.
 */
export const PROCEDURE_LEGAL_BASES: Readonly<Record<string, readonly DemoLegalBasis[]>> = {
  [PROCEDURES.birth]: [
    LEGAL_BASES.interconnection,
    LEGAL_BASES.civilStatus,
    LEGAL_BASES.residence,
    LEGAL_BASES.identity,
  ],
  [PROCEDURES.death]: [LEGAL_BASES.interconnection, LEGAL_BASES.civilStatus, LEGAL_BASES.residence],
  [PROCEDURES.childCard]: [LEGAL_BASES.interconnection, LEGAL_BASES.healthInsurance],
  [PROCEDURES.funeral]: [LEGAL_BASES.interconnection, LEGAL_BASES.socialInsurance],
  [PROCEDURES.enterprise]: [LEGAL_BASES.enterprise],
  [PROCEDURES.employer]: [LEGAL_BASES.socialInsurance],
};

/** Procedure code → the legal bases allowed for it, for these purposes. */
export function legalBasesFor(
  purposes: readonly string[],
): Record<string, { code: string; citation: string }[]> {
  return Object.fromEntries(
    purposes.map((purpose) => [
      purpose,
      (PROCEDURE_LEGAL_BASES[purpose] ?? []).map((basis) => ({ ...basis })),
    ]),
  );
}

export interface DemoAccessRight {
  readonly consumer: string;
  readonly service: string;
  readonly purposes: readonly string[];
  /** Record fields granted; `*` = every field the service offers. */
  readonly fields: readonly string[] | '*';
  /** For each purpose, the legal bases a request may cite ({@link PROCEDURE_LEGAL_BASES}). */
  readonly legalBases: Record<string, { code: string; citation: string }[]>;
}

const PERSON_BASICS = [
  'personalId',
  'fullName',
  'dateOfBirth',
  'sex',
  'nationality',
  'permanentResidence',
  'status',
  'dateOfDeath',
];

const ACCESS_RIGHTS: readonly Omit<DemoAccessRight, 'legalBases'>[] = [
  {
    consumer: 'CIV',
    service: 'citizen-by-id',
    purposes: [PROCEDURES.birth, PROCEDURES.death],
    fields: [
      ...PERSON_BASICS,
      'birthRegistrationCommune',
      'household',
      'fatherId',
      'motherId',
      'spouseId',
    ],
  },
  // The insurance agency never receives ethnicity or religion (data minimisation).
  {
    consumer: 'INS',
    service: 'citizen-by-id',
    purposes: [PROCEDURES.childCard, PROCEDURES.funeral],
    fields: PERSON_BASICS,
  },
  {
    consumer: 'BIZ',
    service: 'citizen-by-id',
    purposes: [PROCEDURES.enterprise],
    fields: [
      'personalId',
      'fullName',
      'dateOfBirth',
      'nationality',
      'permanentResidence',
      'status',
    ],
  },
  {
    consumer: 'POP',
    service: 'civil-events-by-person',
    purposes: [PROCEDURES.birth, PROCEDURES.death],
    fields: '*',
  },
  {
    consumer: 'INS',
    service: 'civil-events-by-person',
    purposes: [PROCEDURES.childCard, PROCEDURES.funeral],
    fields: '*',
  },
  { consumer: 'CIV', service: 'insurance-by-person', purposes: [PROCEDURES.death], fields: '*' },
  { consumer: 'INS', service: 'enterprise-by-code', purposes: [PROCEDURES.employer], fields: '*' },
  // xác nhận thương binh: the commune learns the status for a death dossier, not the certificate or
  // the injury assessment; the insurance agency sees all of it for the funeral allowance
  {
    consumer: 'CIV',
    service: 'merit-status-by-person',
    purposes: [PROCEDURES.death],
    fields: ['personalId', 'fullName', 'category', 'allowanceStatus'],
  },
  {
    consumer: 'INS',
    service: 'merit-status-by-person',
    purposes: [PROCEDURES.funeral],
    fields: '*',
  },
  {
    consumer: 'POP',
    service: 'enterprise-by-code',
    purposes: [PROCEDURES.death],
    fields: ['enterpriseCode', 'name', 'status', 'legalRepresentatives'],
  },
];

/** The demo access rights, each allowing for its purposes the legal bases of those procedures. */
export const DEMO_ACCESS_RIGHTS: readonly DemoAccessRight[] = ACCESS_RIGHTS.map((right) => ({
  ...right,
  legalBases: legalBasesFor(right.purposes),
}));

/** A subscription right: the subscriber's registry receives the publisher's events of one type. */
export interface DemoEventRight {
  readonly subscriber: string;
  readonly publisher: string;
  readonly eventType: string;
}

/**
 * The interconnected procedures (docs/domain.md §3): group 1 birth → personal id → permanent residence
 * → child's health-insurance card; group 2 death → residence removed → funeral / survivor benefit,
 * and the business registry learns of a deceased legal representative. Civil status follows every
 * step of its dossiers.
 */
export const DEMO_EVENT_RIGHTS: readonly DemoEventRight[] = [
  { subscriber: 'POP', publisher: 'CIV', eventType: 'birth-registered' },
  { subscriber: 'INS', publisher: 'POP', eventType: 'citizen-created' },
  { subscriber: 'POP', publisher: 'CIV', eventType: 'death-registered' },
  { subscriber: 'INS', publisher: 'CIV', eventType: 'death-registered' },
  { subscriber: 'BIZ', publisher: 'POP', eventType: 'citizen-deceased' },
  ...(
    [
      'citizen-created',
      'residence-registered',
      'residence-removed',
      'citizen-deceased',
      'step-refused',
    ] as const
  ).map((eventType) => ({ subscriber: 'CIV', publisher: 'POP', eventType })),
  ...(['card-issued', 'benefit-opened', 'step-refused'] as const).map((eventType) => ({
    subscriber: 'CIV',
    publisher: 'INS',
    eventType,
  })),
  { subscriber: 'CIV', publisher: 'BIZ', eventType: 'legal-representative-changed' },
];
