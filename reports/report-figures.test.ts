import { businessDaysToAnswer, median, nearestRank } from './report-figures';

describe('business days to answer and percentiles', () => {
  it('when an answer comes the Tuesday after a holiday Monday, then a Friday question took 1 business day', () => {
    // Received Friday 2026-03-20; Monday 23 March is San José.
    expect(
      businessDaysToAnswer(new Date('2026-03-20T15:00:00Z'), new Date('2026-03-24T15:00:00Z')),
    ).toBe(1);
  });

  it('when a question received on a Saturday is answered on Monday, then it took 1 business day', () => {
    expect(
      businessDaysToAnswer(new Date('2026-06-06T15:00:00Z'), new Date('2026-06-09T15:00:00Z')),
    ).toBe(1);
  });

  it('when a question is answered the day it arrived, then it took 0 business days', () => {
    expect(
      businessDaysToAnswer(new Date('2026-06-10T13:00:00Z'), new Date('2026-06-10T22:00:00Z')),
    ).toBe(0);
  });

  it('when the counts are even, odd or empty, then the median and the nearest-rank p90 follow', () => {
    expect(median([1, 2, 15, 16])).toBe(8.5);
    expect(median([1, 2, 15])).toBe(2);
    expect(median([])).toBeNull();
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
    expect(nearestRank([7], 0.9)).toBe(7);
    expect(nearestRank([], 0.9)).toBeNull();
  });
});
