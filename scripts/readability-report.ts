import { loadKnowledgeBase } from '../knowledge/knowledge-base';
import {
  answerReadability,
  maxAnswerWords,
  median,
  readabilityFloors,
} from '../knowledge/plain-language/answer-readability';

/**
 * `npm run report:readability`: the INFLESZ score of every knowledge-base answer, hardest first,
 * and whether the base passes the gate (each ≥ 55, median ≥ 65, at most 120 words).
 */
const results = loadKnowledgeBase()
  .map(answerReadability)
  .sort((a, b) => a.score - b.score);
for (const result of results) {
  const flags = [
    result.score < readabilityFloors.eachAnswer ? 'BELOW 55' : '',
    result.words > maxAnswerWords ? `OVER ${maxAnswerWords} WORDS` : '',
  ].filter(Boolean);
  console.log(
    `${result.score.toFixed(1).padStart(6)}  ${result.band.padEnd(14)} ${String(result.words).padStart(4)} words ${String(result.sentences).padStart(3)} sentences  ${result.id} ${flags.join(' ')}`,
  );
}
const middle = median(results.map((result) => result.score));
const below = results.filter((result) => result.score < readabilityFloors.eachAnswer).length;
const long = results.filter((result) => result.words > maxAnswerWords).length;
console.log(
  `\n${results.length} entries; median ${middle.toFixed(1)}; ${below} below 55; ${long} over ${maxAnswerWords} words`,
);
process.exitCode = below > 0 || long > 0 || middle < readabilityFloors.median ? 1 : 0;
