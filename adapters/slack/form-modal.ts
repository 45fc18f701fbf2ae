// Core Forms as Slack modals, and modal submissions back as plain field values.
import type { Conversation } from '../../src/core/events.ts';
import type { Form, FormField } from '../../src/core/message.ts';
import { LIMITS } from './block-kit-renderer.ts';
import { clip } from './mrkdwn.ts';

/** Callback ids of our modals start with this, so one listener takes every form. */
export const FORM_CALLBACK_PREFIX = 'liso:';
const FIELD_ACTION_ID = 'value';
const MODAL_TITLE = 24;
const INPUT_LABEL = 2_000;
const TEXT_MAX = 3_000;

/** What travels in private_metadata (at most 3,000 characters) and comes back on submit. */
export interface FormMetadata {
  formId: string;
  context: string;
  conversation: Conversation;
}

export function formToModal(form: Form, conversation: Conversation): Record<string, unknown> {
  const metadata: FormMetadata = { formId: form.formId, context: form.context.slice(0, 200), conversation };
  return {
    type: 'modal',
    callback_id: `${FORM_CALLBACK_PREFIX}${form.formId}`.slice(0, 255),
    title: { type: 'plain_text', text: clip(form.title, MODAL_TITLE) || '…' },
    submit: { type: 'plain_text', text: clip(form.submitLabel, MODAL_TITLE) || '…' },
    private_metadata: JSON.stringify(metadata),
    blocks: form.fields.slice(0, LIMITS.blocksPerView).map(fieldBlock),
  };
}

function fieldBlock(field: FormField): Record<string, unknown> {
  const placeholder = field.placeholder ? { placeholder: { type: 'plain_text', text: clip(field.placeholder, LIMITS.placeholder) } } : {};
  const element =
    field.kind === 'select'
      ? {
          type: 'static_select',
          action_id: FIELD_ACTION_ID,
          ...placeholder,
          options: (field.options ?? []).slice(0, LIMITS.selectOptions).map((o) => ({
            text: { type: 'plain_text', text: clip(o.label, LIMITS.optionText) || '…' },
            value: o.value.slice(0, LIMITS.optionValue),
          })),
          ...initialOption(field),
        }
      : {
          type: 'plain_text_input',
          action_id: FIELD_ACTION_ID,
          multiline: field.kind === 'multiline',
          max_length: Math.min(field.maxLength ?? TEXT_MAX, TEXT_MAX),
          ...placeholder,
          ...(field.initialValue ? { initial_value: field.initialValue.slice(0, Math.min(field.maxLength ?? TEXT_MAX, TEXT_MAX)) } : {}),
        };
  return {
    type: 'input',
    block_id: field.id.slice(0, 255),
    optional: !field.required,
    label: { type: 'plain_text', text: clip(field.label, INPUT_LABEL) || '…' },
    element,
  };
}

function initialOption(field: FormField): Record<string, unknown> {
  const option = field.options?.find((o) => o.value === field.initialValue);
  return option ? { initial_option: { text: { type: 'plain_text', text: clip(option.label, LIMITS.optionText) }, value: option.value } } : {};
}

interface SubmittedValue {
  value?: string | null;
  selected_option?: { value: string } | null;
}

/** The submitted values by field id; fields left empty are absent. */
export function submittedValues(state: { values?: Record<string, Record<string, SubmittedValue>> } | undefined): Record<string, string> {
  // Block ids come from the payload: without a prototype, "__proto__" or "constructor" is just a key.
  const values = Object.create(null) as Record<string, string>;
  for (const [blockId, actions] of Object.entries(state?.values ?? {})) {
    const input = actions[FIELD_ACTION_ID];
    const value = input?.selected_option?.value ?? input?.value;
    if (typeof value === 'string' && value !== '') values[blockId] = value;
  }
  return values;
}

/** Reads our private_metadata back; undefined for a modal that is not ours or was tampered with. */
export function readFormMetadata(raw: string | undefined): FormMetadata | undefined {
  try {
    const parsed = JSON.parse(raw ?? '') as Partial<FormMetadata>;
    const conversation = parsed.conversation;
    if (typeof parsed.formId !== 'string' || typeof parsed.context !== 'string') return undefined;
    if (!conversation || (conversation.kind !== 'direct' && conversation.kind !== 'channel') || typeof conversation.id !== 'string') return undefined;
    return { formId: parsed.formId, context: parsed.context, conversation: { kind: conversation.kind, id: conversation.id } };
  } catch {
    return undefined;
  }
}
