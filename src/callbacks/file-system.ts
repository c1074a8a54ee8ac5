// A tfjs IOHandler for Node that writes and reads the layers format (`model.json` beside
// `weights.bin`), the one tfjs-node ships as `file://`, which plain tfjs lacks. `node:fs` is
// imported inside the functions so this module stays loadable in browsers.
import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../core/errors.js';
import { checkArgument, is } from '../core/validate.js';

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

interface Fs {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  readFile(path: string): Promise<Uint8Array>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
}

async function nodeFs(fn: string): Promise<{ fs: Fs; join: (...p: string[]) => string; dirname: (p: string) => string }> {
  try {
    const fs = (await import('node:fs/promises')) as unknown as Fs;
    const path = await import('node:path');
    return { fs, join: path.join, dirname: path.dirname };
  } catch {
    throw new InvalidArgumentError(`${fn}: the file system is only available in Node (node:fs could not be imported).`);
  }
}

function stripScheme(path: string): string {
  return path.startsWith('file://') ? path.slice('file://'.length) : path;
}

function joinWeights(data: tf.io.WeightData | undefined): Uint8Array {
  if (data == null) return new Uint8Array(0);
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(data));
}

/**
 * A tfjs IO handler (save and load) for Node's file system, in tfjs-node's `file://` layout: a
 * directory holding `model.json` (topology, training config, weights manifest) and `weights.bin`.
 * Saving creates the directory if needed and overwrites both files; loading accepts the directory
 * or the path of its `model.json`, and reads every weight file the manifest lists. Artifacts
 * without a topology (weights only) are saved too, with `modelTopology` absent from the JSON.
 *
 * @param path - the directory (or, for loading, the `model.json` file); a leading `file://` is allowed.
 * @returns an IOHandler for `model.save(handler)` and `tfl.loadLayersModel(handler)`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for an empty or non-string path; when
 *   saving or loading outside Node, or when the files are missing or malformed (naming the file).
 * @example
 * ```ts
 * await model.save(fileSystemHandler('/tmp/my-model'));
 * const again = await tfl.loadLayersModel(fileSystemHandler('/tmp/my-model/model.json'));
 * ```
 * @see https://js.tensorflow.org/api_node/latest/#io.fileSystem
 */
export function fileSystemHandler(path: string): tf.io.IOHandler {
  const fn = 'fileSystemHandler';
  checkArgument(fn, 'path', path, is.string({ nonEmpty: true }));
  const target = stripScheme(path);
  checkArgument(fn, 'path', target, is.string({ nonEmpty: true }), 'a path after "file://"');
  const isJsonFile = target.endsWith('.json');

  const save = async (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> => {
    const { fs, join, dirname } = await nodeFs(fn);
    const dir = isJsonFile ? dirname(target) : target;
    const jsonPath = isJsonFile ? target : join(dir, MODEL_JSON);
    if (artifacts.modelTopology instanceof ArrayBuffer) {
      throw new InvalidArgumentError(`${fn}: binary model topologies are not supported; save a layers model.`);
    }
    const weights = joinWeights(artifacts.weightData);
    const modelJSON: Record<string, unknown> = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      trainingConfig: artifacts.trainingConfig,
      signature: artifacts.signature,
      userDefinedMetadata: artifacts.userDefinedMetadata,
      modelInitializer: artifacts.modelInitializer,
      weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
    };
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(join(dir, WEIGHTS_BIN), weights);
    await fs.writeFile(jsonPath, JSON.stringify(modelJSON));
    return {
      modelArtifactsInfo: {
        dateSaved: new Date(),
        modelTopologyType: 'JSON',
        modelTopologyBytes: artifacts.modelTopology == null ? 0 : JSON.stringify(artifacts.modelTopology).length,
        weightSpecsBytes: artifacts.weightSpecs == null ? 0 : JSON.stringify(artifacts.weightSpecs).length,
        weightDataBytes: weights.byteLength,
      },
    };
  };

  const load = async (): Promise<tf.io.ModelArtifacts> => {
    const { fs, join, dirname } = await nodeFs(fn);
    const jsonPath = isJsonFile ? target : join(target, MODEL_JSON);
    const dir = dirname(jsonPath);
    let modelJSON: tf.io.ModelJSON;
    try {
      modelJSON = JSON.parse(await fs.readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
    } catch (error) {
      throw new InvalidArgumentError(`${fn}: cannot read the model file ${jsonPath}: ${(error as Error).message}`);
    }
    if (typeof modelJSON !== 'object' || modelJSON === null || !Array.isArray(modelJSON.weightsManifest)) {
      throw new InvalidArgumentError(`${fn}: ${jsonPath} is not a tfjs model.json (it has no "weightsManifest").`);
    }
    return tf.io.getModelArtifactsForJSON(modelJSON, async (manifest) => {
      const specs = manifest.flatMap((group) => group.weights);
      const buffers: ArrayBuffer[] = [];
      for (const group of manifest) {
        for (const p of group.paths) {
          const file = join(dir, p);
          try {
            const bytes = await fs.readFile(file);
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          } catch (error) {
            throw new InvalidArgumentError(`${fn}: cannot read the weights file ${file}: ${(error as Error).message}`);
          }
        }
      }
      return [specs, tf.io.concatenateArrayBuffers(buffers)];
    });
  };

  return { save, load };
}

let registered = false;

/**
 * Register `file://` save and load routers with tfjs, backed by {@link fileSystemHandler}, so
 * `model.save('file://dir')` and `tfl.loadLayersModel('file://dir/model.json')` work in Node
 * without tfjs-node. Does nothing when tfjs already resolves `file://` URLs (tfjs-node loaded) or
 * when called before; nothing is registered at import time.
 *
 * @returns `true` when this call registered the routers, `false` when they were already there.
 * @example
 * ```ts
 * registerFileSystemRouter();
 * await model.save('file:///tmp/my-model');
 * const again = await tfl.loadLayersModel('file:///tmp/my-model/model.json');
 * ```
 * @see https://js.tensorflow.org/api/latest/#io.registerSaveRouter
 */
export function registerFileSystemRouter(): boolean {
  if (registered) return false;
  registered = true;
  const probe = 'file:///whetstone-probe';
  const hasSave = tf.io.getSaveHandlers(probe).length > 0;
  const hasLoad = tf.io.getLoadHandlers(probe).length > 0;
  // tfjs routers answer null for URLs they do not handle, though the type says otherwise.
  const route = ((url: string | string[]): tf.io.IOHandler | null =>
    typeof url === 'string' && url.startsWith('file://') ? fileSystemHandler(url) : null) as unknown as Parameters<typeof tf.io.registerSaveRouter>[0];
  if (!hasSave) tf.io.registerSaveRouter(route);
  if (!hasLoad) tf.io.registerLoadRouter(route);
  return !hasSave || !hasLoad;
}
