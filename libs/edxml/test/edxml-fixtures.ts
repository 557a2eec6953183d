import type { EdxmlDocumentInput, EdxmlStatusInput } from '@lienthong/edxml';

/** Organ ids of the sample sender and recipient (QCVN 102 form). */
export const SENDER_ORGAN_ID = '000.00.00.G22';
export const RECIPIENT_ORGAN_ID = '000.00.00.H41';

/** A complete, valid official-document input; tests override single fields. */
export function sampleDocumentInput(
  overrides: Partial<EdxmlDocumentInput> = {},
): EdxmlDocumentInput {
  return {
    header: {
      from: {
        organId: SENDER_ORGAN_ID,
        organName: 'Văn phòng Chính phủ',
        email: 'vpcp@chinhphu.vn',
      },
      to: [{ organId: RECIPIENT_ORGAN_ID, organName: 'UBND tỉnh Nghệ An' }],
      code: { number: '7816', notation: 'VPCP-TTĐT' },
      promulgation: { place: 'Hà Nội', date: '2025/09/30' },
      documentType: { type: 1, typeName: 'Công văn' },
      subject: 'V/v triển khai liên thông văn bản điện tử',
      signer: { competence: 'KT.', position: 'Phó Chủ nhiệm', fullName: 'Nguyễn Văn A' },
      dueDate: '2025-10-15',
      toPlaces: ['Như trên', 'Lưu: VT'],
      priority: 1,
      steeringType: 0,
    },
    trace: [{ organId: SENDER_ORGAN_ID, timestamp: '2025-09-30T09:15:00+07:00' }],
    attachments: [
      {
        contentType: 'application/pdf',
        attachmentName: 'cong-van-7816.pdf',
        sha256: 'a'.repeat(64),
        size: 102_400,
      },
    ],
    ...overrides,
  };
}

/** A valid Status 03 (accepted) answering the sample document. */
export function sampleStatusInput(overrides: Partial<EdxmlStatusInput> = {}): EdxmlStatusInput {
  return {
    responseFor: {
      organId: SENDER_ORGAN_ID,
      code: '7816/VPCP-TTĐT',
      promulgationDate: '2025/09/30',
      documentId: '000.00.00.G22,2025/09/30,7816/VPCP-TTĐT',
    },
    from: { organId: RECIPIENT_ORGAN_ID, organName: 'UBND tỉnh Nghệ An' },
    statusCode: '03',
    timestamp: '2025/09/30 10:00:00',
    staff: { staff: 'Trần Thị B', department: 'Văn thư' },
    ...overrides,
  };
}

/** Runs `run` and returns the code of the error it throws, or 'ACCEPTED' when it returns. */
export function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : `UNCODED: ${(error as Error).message}`;
  }
  return 'ACCEPTED';
}
