// Failure messages and stack traces go into a payload (sealed by the codec like every other) instead of the
// failure's clear-text fields: an activity's error (a database error naming a certificate, say) never reaches
// the server in clear. Loaded by path (DataConverter.failureConverterPath) in clients, workers and the workflow
// bundle, hence plain CommonJS.
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
