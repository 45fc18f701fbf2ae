// Slack's Block Kit limits, as the fake Slack checks every message, home tab and modal it receives.
// A message Slack refuses is lost to its reader, so the fake answers it the way Slack does
// (`invalid_blocks`, `msg_blocks_too_long`) and records what was wrong.

/** The limits Slack documents for Block Kit, and the one it enforces without documenting it. */
const SLACK = {
  messageBlocks: 50,
  surfaceBlocks: 100,
  sectionText: 3_000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  actionId: 255,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  modalTitle: 24,
  /**
   * Slack answers msg_blocks_too_long when a message's blocks together hold more than about
   * 13,200 characters (slackapi/bolt-js#2509: 13,297 with markdown blocks only, less with others).
   */
  messageBlockChars: 13_000,
} as const;

export type SlackRefusal = { error: 'invalid_blocks' | 'msg_blocks_too_long'; problems: string[] };

/** What Slack would refuse in a call's body; undefined when Slack takes it. */
export function refusalOf(method: string, body: Record<string, any>): SlackRefusal | undefined {
  if (method === 'views.open' || method === 'views.publish') {
    const view = (body['view'] ?? {}) as Record<string, any>;
    const problems = blockProblems(view['blocks'], SLACK.surfaceBlocks);
    if (view['type'] === 'modal') problems.push(...modalProblems(view));
    return problems.length > 0 ? { error: 'invalid_blocks', problems } : undefined;
  }
  const carriesMessage = ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url'].includes(method);
  if (!carriesMessage || body['blocks'] === undefined) return undefined;
  const problems = blockProblems(body['blocks'], SLACK.messageBlocks);
  if (problems.length > 0) return { error: 'invalid_blocks', problems };
  const chars = JSON.stringify(body['blocks']).length;
  return chars > SLACK.messageBlockChars ? { error: 'msg_blocks_too_long', problems: [`blocks hold ${chars} characters`] } : undefined;
}

function blockProblems(blocks: unknown, maxBlocks: number): string[] {
  if (!Array.isArray(blocks)) return ['blocks is no array'];
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks > ${maxBlocks}`);
  const actionIds = new Set<string>();
  for (const [index, block] of (blocks as Array<Record<string, any>>).entries()) {
    const at = `block ${index} (${block['type']})`;
    const tooLong = (what: string, text: unknown, max: number) => {
      if (typeof text !== 'string' || text.length === 0) problems.push(`${at}: ${what} empty`);
      else if (text.length > max) problems.push(`${at}: ${what} ${text.length} > ${max}`);
    };
    switch (block['type']) {
      case 'header':
        tooLong('header text', block['text']?.text, SLACK.headerText);
        break;
      case 'section':
        tooLong('section text', block['text']?.text, SLACK.sectionText);
        break;
      case 'context': {
        const elements = (block['elements'] ?? []) as Array<Record<string, any>>;
        if (elements.length === 0 || elements.length > SLACK.contextElements) problems.push(`${at}: ${elements.length} elements`);
        for (const element of elements) tooLong('context text', element['text'], SLACK.sectionText);
        break;
      }
      case 'actions': {
        const elements = (block['elements'] ?? []) as Array<Record<string, any>>;
        if (elements.length === 0 || elements.length > SLACK.actionsElements) problems.push(`${at}: ${elements.length} elements`);
        for (const element of elements) problems.push(...elementProblems(element, at, actionIds));
        break;
      }
      case 'input':
        problems.push(...elementProblems(block['element'] ?? {}, at, new Set()));
        break;
    }
  }
  return problems;
}

function elementProblems(element: Record<string, any>, at: string, actionIds: Set<string>): string[] {
  const problems: string[] = [];
  const actionId = element['action_id'];
  if (typeof actionId === 'string') {
    if (actionId.length > SLACK.actionId) problems.push(`${at}: action_id ${actionId.length} > ${SLACK.actionId}`);
    if (actionIds.has(actionId)) problems.push(`${at}: duplicate action_id ${actionId}`);
    actionIds.add(actionId);
  }
  if (element['type'] === 'button') {
    const text = element['text']?.text;
    if (typeof text !== 'string' || text.length === 0 || text.length > SLACK.buttonText) problems.push(`${at}: button text ${text?.length}`);
    if (typeof element['value'] === 'string' && element['value'].length > SLACK.buttonValue) problems.push(`${at}: button value ${element['value'].length}`);
  }
  if (element['type'] === 'static_select') {
    const options = (element['options'] ?? []) as Array<Record<string, any>>;
    if (options.length === 0 || options.length > SLACK.selectOptions) problems.push(`${at}: ${options.length} options`);
    for (const option of options) {
      if ((option['text']?.text ?? '').length > SLACK.optionText || String(option['value'] ?? '').length > SLACK.optionValue) problems.push(`${at}: option too long`);
    }
  }
  if ((element['placeholder']?.text ?? '').length > SLACK.placeholder) problems.push(`${at}: placeholder too long`);
  return problems;
}

function modalProblems(view: Record<string, any>): string[] {
  const problems: string[] = [];
  for (const field of ['title', 'submit', 'close']) {
    const text = view[field]?.text;
    if (text !== undefined && (typeof text !== 'string' || text.length > SLACK.modalTitle)) problems.push(`modal ${field} ${text?.length} > ${SLACK.modalTitle}`);
  }
  if (String(view['private_metadata'] ?? '').length > 3_000) problems.push('private_metadata > 3000');
  return problems;
}
