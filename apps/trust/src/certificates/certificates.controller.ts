import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { OperatorSubject } from '../operator-auth.guard';
import { CommonError } from '@lienthong/errors';
import {
  CERTIFICATE_VIEW_SCHEMA,
  IssueCertificateBody,
  RevokeCertificateBody,
  type CertificateView,
} from './certificate.schemas';
import { CertificatesService } from './certificates.service';

const THUMBPRINT = /^[A-Za-z0-9_-]{43}$/;
const MEMBER = /^[A-Z][A-Z0-9]{1,15}$/;

/** Operator API for member certificates. */
@ApiTags('certificates')
@ApiBearerAuth()
@Controller('v1/certificates')
export class CertificatesController {
  constructor(@Inject(CertificatesService) private readonly certificates: CertificatesService) {}

  /** Issues a certificate from a CSR for a registered subsystem. */
  @Post()
  @ApiBody({ schema: IssueCertificateBody.schema })
  @ApiOkResponse({ schema: CERTIFICATE_VIEW_SCHEMA })
  async issue(@Body() body: IssueCertificateBody): Promise<CertificateView> {
    return this.certificates.issue({}, body);
  }

  /** Lists certificates, optionally of one member. */
  @Get()
  @ApiQuery({ name: 'member', required: false })
  @ApiOkResponse({ schema: { type: 'array', items: CERTIFICATE_VIEW_SCHEMA } })
  async list(@Query('member') member?: string): Promise<CertificateView[]> {
    if (member !== undefined && !MEMBER.test(member)) {
      throw new CommonError('REQUEST_INVALID', 'member must be a member code');
    }
    return this.certificates.list({}, member === undefined ? {} : { member });
  }

  /** Revokes a certificate with an RFC 5280 reason and, optionally, the operator's note. */
  @Post(':thumbprint/revoke')
  @HttpCode(200)
  @ApiBody({ schema: RevokeCertificateBody.schema })
  @ApiOkResponse({ schema: CERTIFICATE_VIEW_SCHEMA })
  async revoke(
    @Param('thumbprint') thumbprint: string,
    @Body() body: RevokeCertificateBody,
    @OperatorSubject() operator: string,
  ): Promise<CertificateView> {
    if (!THUMBPRINT.test(thumbprint)) {
      throw new CommonError('REQUEST_INVALID', 'thumbprint must be a base64url SHA-256');
    }
    return this.certificates.revoke(
      {},
      {
        thumbprint,
        reason: body.reason,
        by: operator,
        ...(body.note === undefined ? {} : { note: body.note }),
      },
    );
  }
}
