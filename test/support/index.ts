// The one test support module: every test imports its helpers from here.
export * from './browser';
export * from './fixtures';
export * from './letters';
export * from './mandates';
export * from './openapi';
export * from './postgres';
export * from './smtp';
export * from './stack';
export * from './use-cases';
export * from './pages';
export * from './webhooks';
export * from './traces';
