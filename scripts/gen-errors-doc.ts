// writes docs/errors.md from the code tables of every stage
import { writeFileSync } from 'node:fs'

import { renderErrorsDoc } from './error-codes.ts'

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorsDoc())
console.log('wrote docs/errors.md')
