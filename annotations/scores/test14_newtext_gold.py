# test14 restricted to text not already gold in the same language (drops duplicated passages)
import json, shutil, pathlib
src=pathlib.Path('/work/main/annotations'); dst=pathlib.Path('/tmp/ann14x')
if dst.exists(): shutil.rmtree(dst)
shutil.copytree(src, dst)
out=[]
for line in open(dst/'documents.jsonl'):
    d=json.loads(line)
    if d['split']=='test14':
        if d['document'] in ('uclg_gold1_10_conclusion_en.pdf','uclg_gold1_10_conclusion_es.pdf'):
            continue
        if d['document']=='uclg_gold1_00_summary_en.pdf':
            d['covered']=sorted(d['covered'])[:1]
    out.append(json.dumps(d, ensure_ascii=False))
open(dst/'documents.jsonl','w').write('\n'.join(out)+'\n')
