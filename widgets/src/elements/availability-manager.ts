// `@one-on-one/widgets/availability-manager`: registers <availability-manager>, unless the name is taken, and exports the class.
import { AvailabilityManager } from '../availability-manager/availability-manager.ts';

if (!customElements.get('availability-manager')) customElements.define('availability-manager', AvailabilityManager);

export { AvailabilityManager };
