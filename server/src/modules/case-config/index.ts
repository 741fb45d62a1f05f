// The case-config module's public interface: the rules a case runs on (limits, routing, calendar),
// the deadline scan, and the routes.
export { colourOf, deadlineFor, loadCaseRules, proposeUnit, type CaseRules, type Deadline } from './rules.js';
export { startDeadlineScan, type DeadlineKind, type DeadlineScanner, type DeadlineSource } from './deadline-scan.js';
export { calendarOutlook } from './calendar.js';
export { rehomeRoutingRules } from './rehome.js';
export { caseConfigRoutes } from './routes.js';
