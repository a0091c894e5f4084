// Preloaded into a bot process (NODE_OPTIONS=--import) by tests that need the process to live on
// another day: `new Date()` and `Date.now()` run ANM_TEST_CLOCK_SHIFT_MS ahead (or behind).
// Timers are untouched, so the process runs at normal speed on that day.
const shift = Number(process.env.ANM_TEST_CLOCK_SHIFT_MS ?? '0');
const RealDate = globalThis.Date;

class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + shift);
    else super(...args);
  }

  static now() {
    return RealDate.now() + shift;
  }
}

// Libraries that map a constructor to a type by its name (mongoose's schema types) still see Date.
Object.defineProperty(ShiftedDate, 'name', { value: 'Date' });
globalThis.Date = ShiftedDate;
