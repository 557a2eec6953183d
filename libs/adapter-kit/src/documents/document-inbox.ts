import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  consumeDurable,
  documentWildcard,
  ensureDurableConsumer,
  streamName,
  type DurableConsumption,
  type DurableMessage,
} from '@lienthong/messaging';
import { DOCUMENT_BUS, type DocumentBus } from './document-bus';
import { DocumentIntake } from './document-intake.service';
import { DocumentLifecycle } from './document-lifecycle.service';
import { STATUS_KIND, documentInboxName } from './documents.constants';
import { DocumentError } from './documents.errors';

/**
 * The agency's document inbox: one durable consumer on `lt.doc.<self>.*` (documents and
 * statuses), created by the operator in production; an adapter allowed to manage consumers (a
 * local or test bus) creates it itself.
 */
@Injectable()
export class DocumentInbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumption?: DurableConsumption;

  constructor(
    @Inject(DOCUMENT_BUS) private readonly bus: DocumentBus,
    private readonly intake: DocumentIntake,
    private readonly lifecycle: DocumentLifecycle,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { member, subsystem } = this.bus.self;
    const stream = streamName(this.bus.namespace, 'DOCS');
    const consumer = documentInboxName(member, subsystem);
    const options = {
      stream,
      consumer,
      handler: (message: DurableMessage) => this.dispatch(message),
      deadLetter: { namespace: this.bus.namespace, member },
      logger: this.bus.logger,
    };
    try {
      this.consumption = await consumeDurable(this.bus.jetstream, options);
    } catch {
      await this.createInbox(stream, consumer);
      this.consumption = await consumeDurable(this.bus.jetstream, options);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumption?.stop();
  }

  private async createInbox(stream: string, consumer: string): Promise<void> {
    const { member } = this.bus.self;
    try {
      const jsm = await this.bus.jetstream.jetstreamManager();
      await ensureDurableConsumer(jsm, stream, {
        name: consumer,
        filterSubject: documentWildcard(this.bus.namespace, member),
        description: `official documents and statuses for ${member}`,
      });
    } catch (error) {
      throw new DocumentError(
        'DOCUMENT_INBOX_UNAVAILABLE',
        `document inbox ${stream}/${consumer} is missing and could not be created`,
        { cause: error },
      );
    }
  }

  private dispatch(message: DurableMessage): Promise<void> {
    const kind = message.subject.slice(message.subject.lastIndexOf('.') + 1);
    return kind === STATUS_KIND ? this.lifecycle.receive(message) : this.intake.receive(message);
  }
}
