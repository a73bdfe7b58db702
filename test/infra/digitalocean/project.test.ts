/** The Project groups the estate: databases join it by reference, Spaces by their URN. */
import { DO_TARGETS, doEstate, forProvider, KINDS } from './support';

describe.each(DO_TARGETS)('the project of %s', (name) => {
  const { context, of } = doEstate(name);
  const [project] = of(KINDS.project);

  it('holds every database cluster and every Space', () => {
    expect(of(KINDS.dbCluster).map((c) => forProvider(c).projectIdRef)).toEqual(of(KINDS.dbCluster).map(() => ({ name: project.metadata.name })));
    expect([...forProvider(project).resources].sort()).toEqual(of(KINDS.bucket).map((b) => `do:space:${b.metadata.name}`).sort());
    expect(forProvider(project).environment).toBe(context.target.environment === 'production' ? 'Production' : 'Staging');
  });
});
