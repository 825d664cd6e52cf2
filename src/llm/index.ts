/**
 * The language-model layer: systems from a config file, the chat client over any
 * OpenAI-compatible endpoint, request cache keys, retries, per-system limits, token counts and
 * costs, and the fake server tests and benchmarks run against.
 */
export {
  type ChatClient,
  type ChatClientOptions,
  type CompleteOptions,
  createChatClient,
  toWireMessages,
} from "./chat-client.js";
export {
  checkApiKeys,
  type LlmConfigFile,
  llmConfigSchema,
  loadLlmConfig,
  missingApiKeys,
  parseLlmConfig,
} from "./config.js";
export { costOf } from "./cost.js";
export { classifyError, LlmError, parseRetryAfter, redact } from "./errors.js";
export {
  FAKE_JUDGE_MODELS,
  fakeJudgeResponder,
  GARBAGE_VERDICT,
  plantedAnswer,
  plantedQuality,
  servingTexts,
} from "./fake-judges.js";
export {
  type FakeOpenAi,
  type FakeOptions,
  type FakeRequest,
  type FakeRespond,
  type FakeStats,
  type Fault,
  type FaultRule,
  fakeAnswer,
  fakeBodyHash,
  lastUserText,
  startFakeOpenAi,
} from "./fake-openai-server.js";
export * as judgeTemplates from "./judge/index.js";
export { type LimiterOptions, SystemLimiter } from "./limiter.js";
export {
  canonicalJson,
  definedParams,
  normaliseBaseUrl,
  requestFor,
  requestKey,
} from "./request-key.js";
export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  type RetryOptions,
  type RetryPolicy,
  sleep,
  withRetries,
} from "./retry.js";
export {
  contentText,
  countTokens,
  estimateChatTokens,
  estimateTokens,
  type TokenMethod,
  tokenizerFor,
} from "./tokens.js";
export type * from "./types.js";
