import type { MessageAttachment, MessageAuthorRole } from '@dc/client';

/** A thread message as the mirror reads it. */
export interface MirroredMessage {
  readonly role: MessageAuthorRole;
  readonly author: string | null;
  readonly text: string;
  readonly attachments: readonly MessageAttachment[];
  readonly automated: boolean;
}

/** How a thread message appears in Chatwoot. */
export interface ChatwootMessageContent {
  readonly content: string;
  readonly messageType: 'incoming' | 'outgoing';
  readonly private: boolean;
}

function attachmentLines(attachments: readonly MessageAttachment[]): string {
  if (attachments.length === 0) return '';
  const lines = attachments.map((attachment) => {
    const details = [
      attachment.size_bytes === null ? null : `${attachment.size_bytes} bytes`,
      attachment.sha256 === null ? null : `sha256 ${attachment.sha256}`,
    ].filter((detail) => detail !== null);
    return `- ${attachment.name}: ${attachment.url}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
  });
  return `\n\nAttachments:\n${lines.join('\n')}`;
}

/**
 * The renter is Chatwoot's contact (`incoming`), the provider its agent side (`outgoing`).
 * Admin and platform messages become private notes: the provider's team sees them, and
 * Chatwoot never sends them on to anyone. Automated messages are labelled as such.
 */
export function chatwootContent(message: MirroredMessage): ChatwootMessageContent {
  const body = `${message.text}${attachmentLines(message.attachments)}`.trim();
  switch (message.role) {
    case 'renter':
      return { content: body, messageType: 'incoming', private: false };
    case 'provider':
      return {
        content: message.automated ? `[automated] ${body}` : body,
        messageType: 'outgoing',
        private: false,
      };
    case 'admin':
      return {
        content: `[Decent Cloud admin ${message.author ?? ''}] ${body}`,
        messageType: 'outgoing',
        private: true,
      };
    case 'system':
      return { content: `[Decent Cloud] ${body}`, messageType: 'outgoing', private: true };
  }
}
