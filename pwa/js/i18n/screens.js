// Imported by a view that shows more than the first screens' words: the view's module waits
// (top-level await) until the chosen language's screens part is loaded (i18n.js).
import { loadScreens } from './i18n.js';

await loadScreens();
