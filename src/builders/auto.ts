import type { Log } from '../core/io.js';
import type { Plan } from '../request/plan.js';
import type { BuildResult, Credentials, ImageBuilder, PushResult } from './builder.js';
import { placeText } from '../dockerfile/dockerfile.js';
import { NeedsEngineError } from './native/needs-engine.js';

/**
 * `builder: auto` once the Dockerfile looked buildable natively: the native builder,
 * unless reading the base images shows what it cannot build (NeedsEngineError, with
 * file:line and why); then the Docker engine builds the image, and pushes it.
 */
export class AutoBuilder implements ImageBuilder {
  private current: ImageBuilder;
  private credentials?: { credentials: Credentials; plan: Plan };
  /** The engine's login, when the build moved to the engine after the native login. */
  private engineLogin?: Promise<void>;

  constructor(
    private readonly native: ImageBuilder,
    private readonly engine: () => ImageBuilder,
    /** The run's log, where the switch to the engine is said. */
    private readonly log: Log,
  ) {
    this.current = native;
  }

  get name(): 'docker' | 'native' {
    return this.current.name;
  }

  async build(plan: Plan, platform: string | undefined): Promise<BuildResult> {
    try {
      return await this.current.build(plan, platform);
    } catch (err) {
      // Several platforms: the images already built natively would be lost, so no switch.
      const single = plan.platforms.length <= 1;
      if (!(err instanceof NeedsEngineError) || this.current !== this.native || !single) throw err;
      const { instruction, reason } = err.unsupported;
      this.log.info(
        `Builder: docker (${placeText(err.unsupported)}: ${instruction} needs the Docker engine (${reason}))`,
      );
      this.native.dispose();
      this.current = this.engine();
      if (this.credentials !== undefined) {
        this.engineLogin = this.current.login(this.credentials.credentials, this.credentials.plan);
        this.engineLogin.catch(() => undefined); // reported by push
      }
      return this.current.build(plan, platform);
    }
  }

  login(credentials: Credentials, plan: Plan): Promise<void> {
    this.credentials = { credentials, plan };
    return this.current.login(credentials, plan);
  }

  async push(plan: Plan): Promise<PushResult> {
    await this.engineLogin;
    return this.current.push(plan);
  }

  exportArchive(plan: Plan, path: string): Promise<void> {
    return this.current.exportArchive(plan, path);
  }

  dispose(): void {
    this.current.dispose();
  }
}
