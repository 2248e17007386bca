export { DEVICE_CODE_GRANT } from './client.js';
export { DeviceAccessDeniedError, DeviceCodeExpiredError } from './errors.js';
export type { DeviceCodeOptions, DeviceUserCode, PromptOutput } from './options.js';
export { SLOW_DOWN_SECONDS } from './poll.js';
export { promptText, qrCode } from './prompt.js';
export type { DeviceCodeStrategy } from './strategy.js';
export { deviceCode } from './strategy.js';
