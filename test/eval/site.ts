/**
 * Who is who on the evaluation portal (test/eval/portal.yaml): the county that
 * publishes, the city and province above it, the centre. Templates and
 * document bodies draw organ names and number prefixes from here.
 */
export interface Organ {
  /** As printed in the 发文机关标志 (without 文件). */
  name: string;
  /** 发文字号 prefix, e.g. 桐政发. */
  prefix: string;
  /** Printing office for the 版记 (印发). */
  office: string;
}

export const site = {
  name: '云溪县人民政府',
  portal: '云溪县人民政府门户网站',
  host: 'www.yunxi.gov.cn',
  icp: '岚ICP备05013276号-1',
  police: '岚公网安备 33112402000118号',
  siteCode: '3311240001',
  address: '云溪县溪城街道府前路8号',
  phone: '0578-6123456',
};

const govOffice = '桐州市人民政府办公室';
export const cityOrgans: Organ[] = [
  { name: '桐州市人民政府', prefix: '桐政发', office: govOffice },
  { name: '桐州市人民政府办公室', prefix: '桐政办发', office: govOffice },
  { name: '中共桐州市委办公室', prefix: '桐委办发', office: '中共桐州市委办公室' },
  { name: '桐州市应急管理局', prefix: '桐应急发', office: '桐州市应急管理局办公室' },
  { name: '桐州市教育局', prefix: '桐教发', office: '桐州市教育局办公室' },
];

export const provinceOrgans: Organ[] = [
  { name: '青岚省人民政府', prefix: '岚政发', office: '青岚省人民政府办公厅' },
  { name: '青岚省人民政府办公厅', prefix: '岚政办发', office: '青岚省人民政府办公厅' },
  { name: '中共青岚省委办公厅', prefix: '岚委办发', office: '中共青岚省委办公厅' },
  { name: '青岚省应急管理厅', prefix: '岚应急发', office: '青岚省应急管理厅办公室' },
];


export const superiorOrgans: Organ[] = [...cityOrgans, ...provinceOrgans];

const countyOffice = '云溪县人民政府办公室';
export const ownOrgans: Organ[] = [
  { name: '云溪县人民政府', prefix: '云政发', office: countyOffice },
  { name: '云溪县人民政府办公室', prefix: '云政办发', office: countyOffice },
  { name: '中共云溪县委办公室', prefix: '云委办发', office: '中共云溪县委办公室' },
  { name: '云溪县财政局', prefix: '云财发', office: '云溪县财政局办公室' },
  { name: '云溪县应急管理局', prefix: '云应急发', office: '云溪县应急管理局办公室' },
  { name: '云溪县教育体育局', prefix: '云教体发', office: '云溪县教育体育局办公室' },
  { name: '云溪县农业农村局', prefix: '云农发', office: '云溪县农业农村局办公室' },
];

/** County departments and townships that post news and notices (not document issuers here). */
export const units = ['县发展和改革局', '县住房和城乡建设局', '县市场监督管理局', '县卫生健康局', '县人力资源和社会保障局', '县自然资源和规划局', '县水利局', '县文化和广电旅游体育局', '县医疗保障局', '县民政局', '县司法局', '县统计局', '县国家保密局', '县档案馆'];
export const towns = ['溪城街道', '溪南街道', '青石镇', '桃坞镇', '龙潭乡', '白岩镇', '石桥镇', '梅溪乡', '双港镇'];
export const people = ['王建国', '李晓燕', '张伟', '陈志强', '刘海涛', '杨丽华', '赵明', '周文斌', '吴秀英', '徐立新', '孙永红', '胡静', '朱国平', '郭晓东', '何春梅', '林志远', '高红霞', '罗斌'];
