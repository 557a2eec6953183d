import type { ConfigurationChangesControllerPreviewData } from '../../api/generated/trust';

/** One change of the operator's draft, as the trust service takes it. */
export type DraftChange = ConfigurationChangesControllerPreviewData['body']['changes'][number];
