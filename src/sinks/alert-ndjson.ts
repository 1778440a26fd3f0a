import { alertDocumentJson } from './alert-json.ts'
import type { AlertSink } from './alert-sink-types.ts'

/** One alert document per line, as Kibana stores it (`kibana.alert.uuid` is its `_id`). */
export const ALERT_NDJSON_SINK: AlertSink = {
  format: 'ndjson',
  *render(alerts) {
    for (const alert of alerts) yield `${alertDocumentJson(alert.document)}\n`
  },
}
