import { ALERTS_INDEX } from '../detect/index.ts'
import { alertDocumentJson } from './alert-json.ts'
import type { AlertSink } from './alert-sink-types.ts'

/**
 * Elasticsearch `_bulk` body for the default space's alerts index: a `create` action with the
 * alert's id, then the document. `create` makes a re-import skip alerts already there, as
 * Kibana never rewrites an existing alert id.
 */
export const ALERT_BULK_SINK: AlertSink = {
  format: 'bulk',
  *render(alerts) {
    for (const alert of alerts) {
      yield `${JSON.stringify({ create: { _index: ALERTS_INDEX, _id: alert.id } })}\n${alertDocumentJson(alert.document)}\n`
    }
  },
}
