import { seededRandom } from '../../kernel/seeded-random';

/**
 * A multinomial logistic regression (linear softmax) over sparse binary features, trained with
 * Adagrad on seeded shuffles: the same examples always give the same weights.
 */

export interface LabelledFeatures {
  label: string;
  features: string[];
}

export interface TrainingOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty, applied to the weights of the features an example has (lazy regularisation). */
  l2: number;
  /** A feature must occur in this many examples to get weights. */
  minFeatureCount: number;
  seed: number;
  /**
   * How many models, each trained on its own shuffle, are averaged into one. One shuffle's model
   * answers a few questions differently from another's (bench/README.md: ±2 items per half of the
   * blind set); their average answers as the typical shuffle does, at one model's cost per question.
   */
  shuffles: number;
}

export const defaultTrainingOptions: TrainingOptions = {
  epochs: 8,
  learningRate: 0.05,
  l2: 1e-6,
  minFeatureCount: 2,
  seed: 20261,
  shuffles: 4,
};

/** Seeds of the averaged shuffles: apart enough that two nearby seeds share none. */
const shuffleSeedStep = 104_729;

export interface SoftmaxModel {
  labels: string[];
  /** Feature → its row in `weights`. */
  featureRows: Map<string, number>;
  /** Row-major: one row of `labels.length` weights per feature. */
  weights: Float32Array;
  bias: Float32Array;
}

/** Gradients below this are skipped: after a few epochs most labels' probabilities are tiny. */
const negligibleGradient = 1e-4;

/** Known feature rows of a feature list; binary features, scaled to unit length. */
export function featureRowsOf(
  model: Pick<SoftmaxModel, 'featureRows'>,
  features: string[],
): number[] {
  const rows: number[] = [];
  for (const feature of features) {
    const row = model.featureRows.get(feature);
    if (row !== undefined) rows.push(row);
  }
  return rows;
}

/** The raw scores (logits) of every label for the given feature rows. */
export function logits(model: SoftmaxModel, rows: number[]): Float64Array {
  const labelCount = model.labels.length;
  const scores = new Float64Array(labelCount);
  for (let label = 0; label < labelCount; label++) scores[label] = model.bias[label] ?? 0;
  if (rows.length === 0) return scores;
  const value = 1 / Math.sqrt(rows.length);
  for (const row of rows) {
    const offset = row * labelCount;
    for (let label = 0; label < labelCount; label++) {
      scores[label] = (scores[label] ?? 0) + value * (model.weights[offset + label] ?? 0);
    }
  }
  return scores;
}

/** Softmax of logits divided by a temperature (> 1 flattens, < 1 sharpens). */
export function softmax(scores: Float64Array, temperature = 1): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const score of scores) max = Math.max(max, score);
  const probabilities = new Float64Array(scores.length);
  let sum = 0;
  for (let index = 0; index < scores.length; index++) {
    const exp = Math.exp(((scores[index] ?? 0) - max) / temperature);
    probabilities[index] = exp;
    sum += exp;
  }
  for (let index = 0; index < scores.length; index++)
    probabilities[index] = (probabilities[index] ?? 0) / sum;
  return probabilities;
}

export function trainSoftmax(
  examples: LabelledFeatures[],
  options: TrainingOptions = defaultTrainingOptions,
): SoftmaxModel {
  const labels = [...new Set(examples.map((example) => example.label))].sort();
  const labelIndex = new Map(labels.map((label, index) => [label, index]));
  const counts = new Map<string, number>();
  for (const example of examples)
    for (const feature of example.features) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const featureRows = new Map<string, number>();
  for (const [feature, count] of counts)
    if (count >= options.minFeatureCount) featureRows.set(feature, featureRows.size);
  const encoded = examples.map((example) => ({
    label: labelIndex.get(example.label) ?? 0,
    rows: featureRowsOf({ featureRows }, example.features),
  }));

  const labelCount = labels.length;
  const average: SoftmaxModel = {
    labels,
    featureRows,
    weights: new Float32Array(featureRows.size * labelCount),
    bias: new Float32Array(labelCount),
  };
  const shuffles = Math.max(1, Math.floor(options.shuffles));
  for (let shuffle = 0; shuffle < shuffles; shuffle++) {
    const model = trainOneShuffle(
      {
        ...average,
        weights: new Float32Array(average.weights.length),
        bias: new Float32Array(labelCount),
      },
      encoded,
      options,
      options.seed + shuffle * shuffleSeedStep,
    );
    for (let at = 0; at < model.weights.length; at++)
      average.weights[at] = (average.weights[at] ?? 0) + (model.weights[at] ?? 0) / shuffles;
    for (let label = 0; label < labelCount; label++)
      average.bias[label] = (average.bias[label] ?? 0) + (model.bias[label] ?? 0) / shuffles;
  }
  return average;
}

/** Adagrad epochs over one seeded shuffle of the examples, from the zero weights of `model`. */
function trainOneShuffle(
  model: SoftmaxModel,
  encoded: { label: number; rows: number[] }[],
  options: TrainingOptions,
  seed: number,
): SoftmaxModel {
  const labelCount = model.labels.length;
  const weightHistory = new Float32Array(model.weights.length);
  const biasHistory = new Float32Array(labelCount);
  const order = encoded.map((_, index) => index);
  const random = seededRandom(seed);
  const { learningRate, l2 } = options;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let index = order.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [order[index], order[other]] = [order[other] as number, order[index] as number];
    }
    for (const position of order) {
      const example = encoded[position];
      if (!example || example.rows.length === 0) continue;
      const probabilities = softmax(logits(model, example.rows));
      const value = 1 / Math.sqrt(example.rows.length);
      for (let label = 0; label < labelCount; label++) {
        const gradient = (probabilities[label] ?? 0) - (label === example.label ? 1 : 0);
        if (Math.abs(gradient) < negligibleGradient) continue;
        biasHistory[label] = (biasHistory[label] ?? 0) + gradient * gradient;
        model.bias[label] =
          (model.bias[label] ?? 0) -
          (learningRate * gradient) / Math.sqrt((biasHistory[label] ?? 0) + 1e-8);
        for (const row of example.rows) {
          const at = row * labelCount + label;
          const weight = model.weights[at] ?? 0;
          const step = gradient * value + l2 * weight;
          weightHistory[at] = (weightHistory[at] ?? 0) + step * step;
          model.weights[at] =
            weight - (learningRate * step) / Math.sqrt((weightHistory[at] ?? 0) + 1e-8);
        }
      }
    }
  }
  return model;
}
